// The demo site's theme switch: light, dark or the system's. The choice comes from `?theme=`
// (so a link or a screenshot can ask for one), else from the last choice, and is passed on to
// every widget on the page through its `theme` attribute.

const KEY = "candor-demo-theme";
const THEMES = ["auto", "light", "dark"];

function chosenTheme() {
  const fromUrl = new URLSearchParams(location.search).get("theme");
  if (THEMES.includes(fromUrl)) {
    return fromUrl;
  }
  try {
    const saved = localStorage.getItem(KEY);
    if (THEMES.includes(saved)) {
      return saved;
    }
  } catch {
    // Storage can be disabled; the system's theme is a fine default.
  }
  return "auto";
}

function applyTheme(theme) {
  if (theme === "auto") {
    delete document.documentElement.dataset.theme;
  } else {
    document.documentElement.dataset.theme = theme;
  }
  for (const widget of document.querySelectorAll("candor-status:not([data-own-theme])")) {
    widget.setAttribute("theme", theme);
  }
  const select = document.getElementById("theme-select");
  if (select) {
    select.value = theme;
  }
}

applyTheme(chosenTheme());

const select = document.getElementById("theme-select");
if (select) {
  select.addEventListener("change", () => {
    const theme = THEMES.includes(select.value) ? select.value : "auto";
    try {
      localStorage.setItem(KEY, theme);
    } catch {
      // Not remembered, still applied.
    }
    applyTheme(theme);
  });
}
