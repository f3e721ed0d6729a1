//! The widget's own words in English, German, French and Spanish. Numbers, dates, relative
//! times and lists are written by the browser's `Intl` (see `intl`); only sentences live here.

use candor_core::{ComponentStatus, Impact, Indicator, UpdateStatus};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    De,
    Fr,
    Es,
}

impl Lang {
    /// The language of a BCP 47 tag; English for any language the widget does not speak.
    pub fn of(locale: &str) -> Lang {
        let primary = locale
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "de" => Lang::De,
            "fr" => Lang::Fr,
            "es" => Lang::Es,
            _ => Lang::En,
        }
    }
}

/// A sentence or label. Those with `{}` take arguments, filled in order by [`fill`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    Loading,
    CouldNotLoad,
    CouldNotUpdate,
    Stale,
    Updated,
    ViewStatusPage,
    UptimeHeading,
    RowLabel,
    UptimeOf,
    NoData,
    NoIncidents,
    IncidentHistory,
    NoIncidentsReported,
    IncidentsPerMonth,
    Month,
    Incidents,
    Ongoing,
    ResolvedAfter,
    Affected,
    Maintenance,
    ActiveIncidents,
    AllComponents,
    Today,
    PartialMonth,
    Dismiss,
}

pub fn fill(template: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut args = args.iter();
    // The templates are the widget's own: a `{` always opens a `{}`. (Split at the `{`, not
    // found by `str::find("{}")`, whose string-search algorithm costs the wasm a kilobyte.)
    let mut pieces = template.split('{');
    out.push_str(pieces.next().unwrap_or_default());
    for piece in pieces {
        out.push_str(args.next().copied().unwrap_or(""));
        out.push_str(piece.strip_prefix('}').unwrap_or(piece));
    }
    out
}

impl Lang {
    pub fn text(self, text: Text) -> &'static str {
        use Lang::*;
        use Text::*;
        match (text, self) {
            (Loading, En) => "Loading status…",
            (Loading, De) => "Status wird geladen …",
            (Loading, Fr) => "Chargement de l’état…",
            (Loading, Es) => "Cargando el estado…",
            (CouldNotLoad, En) => "The status could not be loaded. Trying again…",
            (CouldNotLoad, De) => "Der Status konnte nicht geladen werden. Neuer Versuch …",
            (CouldNotLoad, Fr) => "Impossible de charger l’état. Nouvel essai…",
            (CouldNotLoad, Es) => "No se pudo cargar el estado. Reintentando…",
            (CouldNotUpdate, En) => "Could not update; showing the last data received.",
            (CouldNotUpdate, De) => {
                "Aktualisierung fehlgeschlagen; die zuletzt empfangenen Daten werden angezeigt."
            }
            (CouldNotUpdate, Fr) => {
                "Mise à jour impossible ; affichage des dernières données reçues."
            }
            (CouldNotUpdate, Es) => {
                "No se pudo actualizar; se muestran los últimos datos recibidos."
            }
            (Stale, En) => "This information may be out of date.",
            (Stale, De) => "Diese Angaben sind möglicherweise veraltet.",
            (Stale, Fr) => "Ces informations ne sont peut-être plus à jour.",
            (Stale, Es) => "Esta información puede estar desactualizada.",
            (Updated, En) => "Updated {}",
            (Updated, De) => "Aktualisiert {}",
            (Updated, Fr) => "Mis à jour {}",
            (Updated, Es) => "Actualizado {}",
            (ViewStatusPage, En) => "View status page",
            (ViewStatusPage, De) => "Statusseite ansehen",
            (ViewStatusPage, Fr) => "Voir la page d’état",
            (ViewStatusPage, Es) => "Ver la página de estado",
            (UptimeHeading, En) => "Uptime over the last {} days",
            (UptimeHeading, De) => "Verfügbarkeit der letzten {} Tage",
            (UptimeHeading, Fr) => "Disponibilité sur les {} derniers jours",
            (UptimeHeading, Es) => "Disponibilidad de los últimos {} días",
            (RowLabel, En) => "{}: daily uptime over the last {} days",
            (RowLabel, De) => "{}: tägliche Verfügbarkeit der letzten {} Tage",
            (RowLabel, Fr) => "{} : disponibilité quotidienne sur les {} derniers jours",
            (RowLabel, Es) => "{}: disponibilidad diaria de los últimos {} días",
            (UptimeOf, En) => "{} uptime",
            (UptimeOf, De) => "{} Verfügbarkeit",
            (UptimeOf, Fr) => "{} de disponibilité",
            (UptimeOf, Es) => "{} de disponibilidad",
            (NoData, En) => "no data",
            (NoData, De) => "keine Daten",
            (NoData, Fr) => "aucune donnée",
            (NoData, Es) => "sin datos",
            (NoIncidents, En) => "no incidents",
            (NoIncidents, De) => "keine Vorfälle",
            (NoIncidents, Fr) => "aucun incident",
            (NoIncidents, Es) => "sin incidentes",
            (IncidentHistory, En) => "Incident history",
            (IncidentHistory, De) => "Vorfallhistorie",
            (IncidentHistory, Fr) => "Historique des incidents",
            (IncidentHistory, Es) => "Historial de incidentes",
            (NoIncidentsReported, En) => "No incidents reported.",
            (NoIncidentsReported, De) => "Keine Vorfälle gemeldet.",
            (NoIncidentsReported, Fr) => "Aucun incident signalé.",
            (NoIncidentsReported, Es) => "No se han registrado incidentes.",
            (IncidentsPerMonth, En) => "Incidents per month",
            (IncidentsPerMonth, De) => "Vorfälle pro Monat",
            (IncidentsPerMonth, Fr) => "Incidents par mois",
            (IncidentsPerMonth, Es) => "Incidentes por mes",
            (Month, En) => "Month",
            (Month, De) => "Monat",
            (Month, Fr) => "Mois",
            (Month, Es) => "Mes",
            (Incidents, En) => "Incidents",
            (Incidents, De) => "Vorfälle",
            (Incidents, Fr) => "Incidents",
            (Incidents, Es) => "Incidentes",
            (Ongoing, En) => "Ongoing",
            (Ongoing, De) => "Andauernd",
            (Ongoing, Fr) => "En cours",
            (Ongoing, Es) => "En curso",
            (ResolvedAfter, En) => "Resolved after {}",
            (ResolvedAfter, De) => "Behoben nach {}",
            (ResolvedAfter, Fr) => "Résolu après {}",
            (ResolvedAfter, Es) => "Resuelto tras {}",
            (Affected, En) => "Affected: {}",
            (Affected, De) => "Betroffen: {}",
            (Affected, Fr) => "Concerne : {}",
            (Affected, Es) => "Afectados: {}",
            (Maintenance, En) => "Scheduled maintenance",
            (Maintenance, De) => "Geplante Wartung",
            (Maintenance, Fr) => "Maintenance planifiée",
            (Maintenance, Es) => "Mantenimiento programado",
            (ActiveIncidents, En) => "Active incidents",
            (ActiveIncidents, De) => "Aktuelle Vorfälle",
            (ActiveIncidents, Fr) => "Incidents en cours",
            (ActiveIncidents, Es) => "Incidentes activos",
            (AllComponents, En) => "All components",
            (AllComponents, De) => "Alle Komponenten",
            (AllComponents, Fr) => "Tous les composants",
            (AllComponents, Es) => "Todos los componentes",
            (Today, En) => "Today",
            (Today, De) => "Heute",
            (Today, Fr) => "Aujourd’hui",
            (Today, Es) => "Hoy",
            (PartialMonth, En) => "{} (part of the month)",
            (PartialMonth, De) => "{} (Teil des Monats)",
            (PartialMonth, Fr) => "{} (partie du mois)",
            (PartialMonth, Es) => "{} (parte del mes)",
            (Dismiss, En) => "Dismiss",
            (Dismiss, De) => "Ausblenden",
            (Dismiss, Fr) => "Masquer",
            (Dismiss, Es) => "Ocultar",
        }
    }

    /// "1 incident" or "3 incidents": `one` is the browser's plural category for `n` being
    /// "one" (French uses it for 0 too).
    pub fn incidents(self, n: usize, one: bool) -> String {
        let template = match (self, one) {
            (Lang::En, true) => "{} incident",
            (Lang::En, false) => "{} incidents",
            (Lang::De, true) => "{} Vorfall",
            (Lang::De, false) => "{} Vorfälle",
            (Lang::Fr, true) => "{} incident",
            (Lang::Fr, false) => "{} incidents",
            (Lang::Es, true) => "{} incidente",
            (Lang::Es, false) => "{} incidentes",
        };
        fill(template, &[&n.to_string()])
    }

    pub fn updates(self, n: usize, one: bool) -> String {
        let template = match (self, one) {
            (Lang::En, true) => "{} update",
            (Lang::En, false) => "{} updates",
            (Lang::De, true) => "{} Update",
            (Lang::De, false) => "{} Updates",
            (Lang::Fr, true) => "{} mise à jour",
            (Lang::Fr, false) => "{} mises à jour",
            (Lang::Es, true) => "{} actualización",
            (Lang::Es, false) => "{} actualizaciones",
        };
        fill(template, &[&n.to_string()])
    }

    pub fn indicator(self, indicator: Indicator) -> &'static str {
        use Indicator::*;
        use Lang::*;
        match (indicator, self) {
            (None, En) => "All systems operational",
            (None, De) => "Alle Systeme betriebsbereit",
            (None, Fr) => "Tous les systèmes sont opérationnels",
            (None, Es) => "Todos los sistemas operativos",
            (Maintenance, En) => "Service under maintenance",
            (Maintenance, De) => "Wartungsarbeiten laufen",
            (Maintenance, Fr) => "Service en maintenance",
            (Maintenance, Es) => "Servicio en mantenimiento",
            (Minor, En) => "Minor service outage",
            (Minor, De) => "Geringfügige Störung",
            (Minor, Fr) => "Perturbation mineure",
            (Minor, Es) => "Interrupción menor del servicio",
            (Major, En) => "Partial system outage",
            (Major, De) => "Teilweiser Systemausfall",
            (Major, Fr) => "Panne partielle",
            (Major, Es) => "Interrupción parcial del sistema",
            (Critical, En) => "Major system outage",
            (Critical, De) => "Schwerer Systemausfall",
            (Critical, Fr) => "Panne majeure",
            (Critical, Es) => "Interrupción grave del sistema",
        }
    }

    pub fn component_status(self, status: ComponentStatus) -> &'static str {
        use ComponentStatus::*;
        use Lang::*;
        match (status, self) {
            (Operational, En) => "Operational",
            (Operational, De) => "Betriebsbereit",
            (Operational, Fr) => "Opérationnel",
            (Operational, Es) => "Operativo",
            (UnderMaintenance, En) => "Under maintenance",
            (UnderMaintenance, De) => "In Wartung",
            (UnderMaintenance, Fr) => "En maintenance",
            (UnderMaintenance, Es) => "En mantenimiento",
            (DegradedPerformance, En) => "Degraded performance",
            (DegradedPerformance, De) => "Eingeschränkte Leistung",
            (DegradedPerformance, Fr) => "Performances dégradées",
            (DegradedPerformance, Es) => "Rendimiento degradado",
            (PartialOutage, En) => "Partial outage",
            (PartialOutage, De) => "Teilausfall",
            (PartialOutage, Fr) => "Panne partielle",
            (PartialOutage, Es) => "Interrupción parcial",
            (MajorOutage, En) => "Major outage",
            (MajorOutage, De) => "Totalausfall",
            (MajorOutage, Fr) => "Panne majeure",
            (MajorOutage, Es) => "Interrupción total",
        }
    }

    pub fn impact(self, impact: Impact) -> &'static str {
        use Impact::*;
        use Lang::*;
        match (impact, self) {
            (None, En) => "No impact",
            (None, De) => "Keine Auswirkung",
            (None, Fr) => "Sans impact",
            (None, Es) => "Sin impacto",
            (Minor, En) => "Minor",
            (Minor, De) => "Gering",
            (Minor, Fr) => "Mineur",
            (Minor, Es) => "Menor",
            (Major, En) => "Major",
            (Major, De) => "Erheblich",
            (Major, Fr) => "Majeur",
            (Major, Es) => "Mayor",
            (Critical, En) => "Critical",
            (Critical, De) => "Kritisch",
            (Critical, Fr) => "Critique",
            (Critical, Es) => "Crítico",
        }
    }

    /// An update's status; words a source invented are shown as the source wrote them.
    pub fn update_status(self, status: &UpdateStatus) -> String {
        use Lang::*;
        use UpdateStatus::*;
        let word = match (status, self) {
            (Other(word), _) => return word.clone(),
            (Investigating, En) => "Investigating",
            (Investigating, De) => "Untersuchung",
            (Investigating, Fr) => "Investigation",
            (Investigating, Es) => "Investigando",
            (Identified, En) => "Identified",
            (Identified, De) => "Ursache erkannt",
            (Identified, Fr) => "Identifié",
            (Identified, Es) => "Identificado",
            (Monitoring, En) => "Monitoring",
            (Monitoring, De) => "Beobachtung",
            (Monitoring, Fr) => "Surveillance",
            (Monitoring, Es) => "Supervisando",
            (Resolved, En) => "Resolved",
            (Resolved, De) => "Behoben",
            (Resolved, Fr) => "Résolu",
            (Resolved, Es) => "Resuelto",
            (Postmortem, En) => "Postmortem",
            (Postmortem, De) => "Nachbetrachtung",
            (Postmortem, Fr) => "Post-mortem",
            (Postmortem, Es) => "Análisis posterior",
            (Scheduled, En) => "Scheduled",
            (Scheduled, De) => "Geplant",
            (Scheduled, Fr) => "Planifié",
            (Scheduled, Es) => "Programado",
            (InProgress, En) => "In progress",
            (InProgress, De) => "In Arbeit",
            (InProgress, Fr) => "En cours",
            (InProgress, Es) => "En curso",
            (Verifying, En) => "Verifying",
            (Verifying, De) => "Überprüfung",
            (Verifying, Fr) => "Vérification",
            (Verifying, Es) => "Verificando",
            (Completed, En) => "Completed",
            (Completed, De) => "Abgeschlossen",
            (Completed, Fr) => "Terminé",
            (Completed, Es) => "Completado",
        };
        word.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_come_from_the_primary_subtag() {
        assert_eq!(Lang::of("de-CH"), Lang::De);
        assert_eq!(Lang::of("FR"), Lang::Fr);
        assert_eq!(Lang::of("es_MX"), Lang::Es);
        assert_eq!(Lang::of("ja-JP"), Lang::En);
        assert_eq!(Lang::of(""), Lang::En);
    }

    #[test]
    fn templates_are_filled_in_order() {
        assert_eq!(
            fill(Lang::En.text(Text::RowLabel), &["API", "90"]),
            "API: daily uptime over the last 90 days"
        );
        assert_eq!(fill("{} and {}", &["a"]), "a and ");
    }

    #[test]
    fn counts_follow_the_plural_category() {
        assert_eq!(Lang::En.incidents(1, true), "1 incident");
        assert_eq!(Lang::En.incidents(2, false), "2 incidents");
        assert_eq!(Lang::Fr.incidents(0, true), "0 incident");
        assert_eq!(Lang::De.updates(3, false), "3 Updates");
    }

    #[test]
    fn every_language_has_every_sentence() {
        let all = [
            Text::Loading,
            Text::CouldNotLoad,
            Text::CouldNotUpdate,
            Text::Stale,
            Text::Updated,
            Text::ViewStatusPage,
            Text::UptimeHeading,
            Text::RowLabel,
            Text::UptimeOf,
            Text::NoData,
            Text::NoIncidents,
            Text::IncidentHistory,
            Text::NoIncidentsReported,
            Text::IncidentsPerMonth,
            Text::Month,
            Text::Incidents,
            Text::Ongoing,
            Text::ResolvedAfter,
            Text::Affected,
            Text::Maintenance,
            Text::ActiveIncidents,
            Text::AllComponents,
            Text::Today,
            Text::PartialMonth,
        ];
        for lang in [Lang::En, Lang::De, Lang::Fr, Lang::Es] {
            for text in all {
                assert!(!lang.text(text).is_empty(), "{lang:?} {text:?}");
            }
        }
        assert_ne!(Lang::De.text(Text::Stale), Lang::En.text(Text::Stale));
    }

    #[test]
    fn invented_update_words_are_kept() {
        let s = UpdateStatus::Other("Watching closely".into());
        assert_eq!(Lang::De.update_status(&s), "Watching closely");
        assert_eq!(Lang::Fr.update_status(&UpdateStatus::Resolved), "Résolu");
    }
}
