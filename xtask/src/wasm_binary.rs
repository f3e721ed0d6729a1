//! The few pieces of the wasm binary format that `dist` reads and writes itself: sections,
//! LEB128 numbers, names and import descriptions. Everything else (validating, renumbering,
//! optimising) is wasm-opt's.

/// The module's sections in order: (id, contents).
pub fn sections(wasm: &[u8]) -> Result<Vec<(u8, &[u8])>, String> {
    if wasm.len() < 8 || &wasm[..4] != b"\0asm" {
        return Err("not a wasm module".into());
    }
    let mut r = Cursor { bytes: wasm, at: 8 };
    let mut list = Vec::new();
    while r.at < wasm.len() {
        let id = r.byte()?;
        let len = r.leb()? as usize;
        let body = wasm
            .get(r.at..r.at + len)
            .ok_or("a section runs past the end of the wasm")?;
        r.at += len;
        list.push((id, body));
    }
    Ok(list)
}

/// Section ids of the binary format.
pub const CUSTOM: u8 = 0;
pub const IMPORT: u8 = 2;
pub const CODE: u8 = 10;

/// The import kind of a function.
pub const FUNCTION_IMPORT: u8 = 0;

/// Reads a section's contents from the start.
pub struct Cursor<'a> {
    pub bytes: &'a [u8],
    pub at: usize,
}

impl<'a> Cursor<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Cursor { bytes, at: 0 }
    }

    pub fn byte(&mut self) -> Result<u8, String> {
        let b = *self.bytes.get(self.at).ok_or("the wasm ends early")?;
        self.at += 1;
        Ok(b)
    }

    pub fn leb(&mut self) -> Result<u64, String> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            value |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err("a LEB128 number is too long".into())
    }

    pub fn bytes(&mut self, len: usize) -> Result<&'a [u8], String> {
        let bytes = self
            .bytes
            .get(self.at..self.at + len)
            .ok_or("a length runs past the end of the wasm")?;
        self.at += len;
        Ok(bytes)
    }

    pub fn name(&mut self) -> Result<&'a str, String> {
        let len = self.leb()? as usize;
        let bytes = self.bytes(len)?;
        std::str::from_utf8(bytes).map_err(|_| "a name is not UTF-8".to_string())
    }

    fn limits(&mut self) -> Result<(), String> {
        let flags = self.byte()?;
        self.leb()?;
        if flags & 1 != 0 {
            self.leb()?;
        }
        Ok(())
    }

    /// Steps over an import's description (function, table, memory, global or tag) and
    /// returns its kind.
    pub fn import_kind(&mut self) -> Result<u8, String> {
        let kind = self.byte()?;
        match kind {
            0 => self.leb().map(drop),
            1 => {
                self.byte()?;
                self.limits()
            }
            2 => self.limits(),
            3 => {
                self.byte()?;
                self.byte().map(drop)
            }
            4 => {
                self.byte()?;
                self.leb().map(drop)
            }
            kind => Err(format!("an import of unknown kind {kind}")),
        }?;
        Ok(kind)
    }
}

pub fn write_leb(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let b = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

pub fn write_name(out: &mut Vec<u8>, name: &str) {
    write_leb(out, name.len() as u64);
    out.extend_from_slice(name.as_bytes());
}

/// A section as the binary format writes it: id, length, contents.
pub fn write_section(out: &mut Vec<u8>, id: u8, contents: &[u8]) {
    out.push(id);
    write_leb(out, contents.len() as u64);
    out.extend_from_slice(contents);
}
