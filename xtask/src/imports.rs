//! Short names for the wasm's imports from its JS glue.
//!
//! wasm-bindgen names each import after the JS it calls plus a 16-digit hash
//! (`__wbg_getAttribute_7b1a3f0c9e2d4a61`), from a module named after the glue file
//! (`./candor_widget_feed_bg.js`). Every name is written twice, in the wasm's import section and
//! in the glue's import object, and the hashes do not compress: about 3 KB gzip of the page's
//! budget. [`shorten`] renames them `a`, `b`, ... `ba`, ... and the module `w`, in both files.
//! It checks that the glue names each import exactly once, as a key of its import object, and
//! that the module name appears once, and refuses to guess otherwise.
//!
//! The exports wasm-bindgen makes for the closures JS calls back are named after their types
//! (`wasm_bindgen_<hash>___convert__closures_____invoke___web_sys_<hash>___features__gen_Event
//! __Event______true_`, 80 to 200 characters each, in both files too): they become `$0`, `$1`,
//! ... the same way, each called once in the glue (`wasm.<name>(`).

use crate::wasm_binary::{sections, write_leb, write_name, Cursor};

/// The wasm and its glue with short import names, or why they could not be renamed.
pub fn shorten(wasm: &[u8], glue: &str, module: &str) -> Result<(Vec<u8>, String), String> {
    let sections = sections(wasm)?;
    let mut out = wasm[..8].to_vec();
    let mut renames: Vec<(String, String)> = Vec::new();
    let mut exports: Vec<(String, String)> = Vec::new();
    for (id, body) in sections {
        if id == 7 {
            let mut r = Cursor { bytes: body, at: 0 };
            let count = r.leb()?;
            let mut section = Vec::new();
            write_leb(&mut section, count);
            for _ in 0..count {
                let name = r.name()?;
                let kind = r.byte()?;
                let index = r.leb()?;
                let name = if name.starts_with("wasm_bindgen_") && name.contains("_invoke_") {
                    let short = format!("${}", exports.len());
                    exports.push((name.to_string(), short.clone()));
                    short
                } else {
                    name.to_string()
                };
                write_name(&mut section, &name);
                section.push(kind);
                write_leb(&mut section, index);
            }
            if r.at != body.len() {
                return Err("the export section has bytes after its exports".into());
            }
            out.push(7);
            write_leb(&mut out, section.len() as u64);
            out.extend_from_slice(&section);
            continue;
        }
        if id != 2 {
            out.push(id);
            write_leb(&mut out, body.len() as u64);
            out.extend_from_slice(body);
            continue;
        }
        let mut r = Cursor { bytes: body, at: 0 };
        let count = r.leb()?;
        let mut section = Vec::new();
        write_leb(&mut section, count);
        for _ in 0..count {
            let from = r.name()?;
            let name = r.name()?;
            let start = r.at;
            r.import_kind()?;
            let desc = &body[start..r.at];
            let (from, name) = if from == module {
                let short = short_name(renames.len());
                renames.push((name.to_string(), short.clone()));
                ("w", short)
            } else {
                (from, name.to_string())
            };
            write_name(&mut section, from);
            write_name(&mut section, &name);
            section.extend_from_slice(desc);
        }
        if r.at != body.len() {
            return Err("the import section has bytes after its imports".into());
        }
        out.push(2);
        write_leb(&mut out, section.len() as u64);
        out.extend_from_slice(&section);
    }

    let mut glue = replace_once(glue, &format!("\"{module}\""), "\"w\"")?;
    for (long, short) in &renames {
        glue = replace_once(&glue, &format!("{long}:"), &format!("{short}:"))?;
    }
    for (long, short) in &exports {
        glue = replace_once(&glue, &format!("wasm.{long}("), &format!("wasm.{short}("))?;
    }
    Ok((out, glue))
}

/// `text` with its one occurrence of `token` (not part of a longer identifier) replaced.
fn replace_once(text: &str, token: &str, with: &str) -> Result<String, String> {
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    let found: Vec<usize> = text
        .match_indices(token)
        .map(|(i, _)| i)
        .filter(|&i| !text[..i].ends_with(is_ident))
        .collect();
    match found[..] {
        [at] => Ok(format!(
            "{}{with}{}",
            &text[..at],
            &text[at + token.len()..]
        )),
        _ => Err(format!(
            "the glue has {} occurrences of `{token}`, not one: wasm-bindgen's output changed",
            found.len()
        )),
    }
}

/// `a` ... `z`, `A` ... `Z`, then two letters and more.
fn short_name(mut n: usize) -> String {
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut name = vec![LETTERS[n % 52]];
    n /= 52;
    while n > 0 {
        n -= 1;
        name.push(LETTERS[n % 52]);
        n /= 52;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module importing two functions from `./m_bg.js` and a memory from `env`.
    fn module() -> Vec<u8> {
        let mut imports = Vec::new();
        write_leb(&mut imports, 3);
        for (from, name, desc) in [
            ("./m_bg.js", "__wbg_get_0123456789abcdef", &[0u8, 0][..]),
            ("env", "memory", &[2, 1, 1, 2][..]),
            ("./m_bg.js", "__wbg_set_fedcba9876543210", &[0, 1][..]),
        ] {
            write_name(&mut imports, from);
            write_name(&mut imports, name);
            imports.extend_from_slice(desc);
        }
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        // A type section with two types, `() -> ()` and `(i32) -> ()`.
        wasm.extend_from_slice(&[1, 8, 2, 0x60, 0, 0, 0x60, 1, 0x7f, 0]);
        wasm.push(2);
        write_leb(&mut wasm, imports.len() as u64);
        wasm.extend_from_slice(&imports);
        // An export section: a closure's invoke shim and `mount`, both the function 0.
        let mut exports = Vec::new();
        write_leb(&mut exports, 2);
        for name in [INVOKE, "mount"] {
            write_name(&mut exports, name);
            exports.extend_from_slice(&[0, 0]);
        }
        wasm.push(7);
        write_leb(&mut wasm, exports.len() as u64);
        wasm.extend_from_slice(&exports);
        wasm
    }

    const INVOKE: &str = "wasm_bindgen_0123___convert__closures_____invoke___web_sys_4567___true_";

    const GLUE: &str = "const import0 = {\n  __wbg_get_0123456789abcdef: function() {},\n  \
                        __wbg_set_fedcba9876543210: function(a) {},\n};\nreturn { \"./m_bg.js\": import0 };\n\
                        wasm.wasm_bindgen_0123___convert__closures_____invoke___web_sys_4567___true_(1);\n\
                        wasm.mount();\n";

    #[test]
    fn renames_the_glue_modules_imports_in_both_files() {
        let (wasm, glue) = shorten(&module(), GLUE, "./m_bg.js").expect("renamed");
        assert_eq!(
            glue,
            "const import0 = {\n  a: function() {},\n  b: function(a) {},\n};\nreturn { \"w\": import0 };\n\
             wasm.$0(1);\nwasm.mount();\n"
        );
        let (_, exports) = sections(&wasm)
            .expect("valid")
            .into_iter()
            .find(|(id, _)| *id == 7)
            .expect("exports");
        let mut r = Cursor {
            bytes: exports,
            at: 0,
        };
        assert_eq!(r.leb().expect("count"), 2);
        let names: Vec<String> = (0..2)
            .map(|_| {
                let name = r.name().expect("name").to_string();
                r.byte().expect("kind");
                r.leb().expect("index");
                name
            })
            .collect();
        assert_eq!(names, ["$0", "mount"]);
        let sections = sections(&wasm).expect("valid");
        let (_, imports) = sections.iter().find(|(id, _)| *id == 2).expect("imports");
        let mut r = Cursor {
            bytes: imports,
            at: 0,
        };
        assert_eq!(r.leb().expect("count"), 3);
        let mut seen = Vec::new();
        for _ in 0..3 {
            let from = r.name().expect("module").to_string();
            let name = r.name().expect("name").to_string();
            r.import_kind().expect("desc");
            seen.push(format!("{from}.{name}"));
        }
        assert_eq!(seen, ["w.a", "env.memory", "w.b"]);
        assert_eq!(r.at, imports.len());
    }

    #[test]
    fn refuses_a_glue_it_does_not_recognise() {
        let twice = GLUE.replace("return", "__wbg_get_0123456789abcdef: 1; return");
        assert!(shorten(&module(), &twice, "./m_bg.js").is_err());
        let missing = GLUE.replace("__wbg_set_fedcba9876543210", "other");
        assert!(shorten(&module(), &missing, "./m_bg.js").is_err());
    }

    #[test]
    fn short_names_are_unique() {
        let names: Vec<String> = (0..3000).map(short_name).collect();
        let mut sorted = names.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), names.len());
        assert_eq!(&names[..3], ["a", "b", "c"]);
        assert_eq!(names[52], "aa");
    }
}
