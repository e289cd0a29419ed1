//! Reading the tables of names: shared by the build script, which compiles the shipped tables
//! into static arrays, and by [`super::Bridge`], which reads a user's alias file at run time.
//! (It uses nothing of the crate, so the build script can include it.)

use unicode_normalization::UnicodeNormalization;

/// The form of a table file. (The crate reads only user groups at run time; the build script
/// reads all three.)
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(dead_code)]
pub enum Form {
    /// One group of names per line, separated by tabs, ` | ` or `, ` (`data/aliases.tsv`, a
    /// user's alias file).
    Groups,
    /// `english<TAB>hangul<TAB>variant…` (`data/loanwords.tsv`).
    Loanwords,
    /// `acronym<TAB>English name<TAB>Korean | Korean` (`data/glossary.tsv`).
    Glossary,
}

/// The groups of names in a table, each of two names or more.
pub fn groups(text: &str, form: Form) -> Vec<Vec<String>> {
    let mut groups = Vec::new();
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let names: Vec<String> = match form {
            Form::Groups => line
                .split(['\t', '|'])
                .flat_map(|n| {
                    if n.contains(", ") {
                        n.split(", ").collect()
                    } else {
                        vec![n]
                    }
                })
                .map(str::to_string)
                .collect(),
            Form::Loanwords => line.split('\t').map(str::to_string).collect(),
            Form::Glossary => {
                let mut cols = line.split('\t');
                let (acronym, english, korean) = (cols.next(), cols.next(), cols.next());
                let mut names = Vec::new();
                names.extend(acronym.map(str::to_string));
                // `Projection (Relational Algebra)`: the qualifier tells meanings apart; it is
                // not part of the name, unless it gives an earlier one (`(originally …)`).
                if let Some(english) = english {
                    names.push(without_qualifier(english).to_string());
                    names.extend(earlier_name(english).map(str::to_string));
                }
                names.extend(
                    korean
                        .into_iter()
                        .flat_map(|k| k.split('|'))
                        .map(str::to_string),
                );
                names
            }
        };
        let mut kept: Vec<String> = Vec::new();
        for name in names {
            let name = name.trim().to_string();
            if !name_key(&name).is_empty() && !kept.contains(&name) {
                kept.push(name);
            }
        }
        if kept.len() >= 2 {
            groups.push(kept);
        }
    }
    groups
}

/// The key names are compared by: NFC, lowercase, letters, digits, `+` and `#` only, so that
/// `Test-Driven Development` = `test driven development` and `웹 방화벽` = `웹방화벽`, while
/// `B+ Tree` ≠ `B-Tree`.
pub fn name_key(name: &str) -> String {
    name.nfc()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric() || matches!(c, '+' | '#'))
        .collect()
}

/// `Projection (Relational Algebra)` → `Projection`.
pub fn without_qualifier(name: &str) -> &str {
    match name.find(" (") {
        Some(i) if name.ends_with(')') => &name[..i],
        _ => name,
    }
}

/// `QUIC Transport Protocol (originally Quick UDP Internet Connections)` → the earlier name.
pub fn earlier_name(name: &str) -> Option<&str> {
    let open = name.find(" (")?;
    let inner = name[open + 2..].strip_suffix(')')?;
    ["originally ", "formerly "]
        .iter()
        .find_map(|p| inner.strip_prefix(p))
}

/// Strings compiled into the binary without a pointer per string: one text and the spans of
/// its strings. (A table of `&str` needs a relocation per entry, which the loader applies at
/// every start, dirtying the pages that hold them: tens of thousands for the shipped tables.)
#[derive(Clone, Copy, Debug)]
pub struct Packed {
    pub text: &'static str,
    /// Start and end of each string in `text`.
    pub spans: &'static [(u32, u32)],
}

#[allow(dead_code)]
impl Packed {
    pub fn get(&self, i: usize) -> &'static str {
        let (start, end) = self.spans[i];
        &self.text[start as usize..end as usize]
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Where `wanted` is among strings in sorted order.
    pub fn find_sorted(&self, wanted: &str) -> Option<usize> {
        self.spans
            .binary_search_by(|&(start, end)| self.text[start as usize..end as usize].cmp(wanted))
            .ok()
    }
}

/// Source code of a [`Packed`] static named `name` holding `strings`, for the build script.
#[allow(dead_code)]
pub fn packed_source<'s>(name: &str, strings: impl IntoIterator<Item = &'s str>) -> String {
    let mut text = String::new();
    let mut spans = Vec::new();
    for s in strings {
        let start = text.len();
        text.push_str(s);
        spans.push((start, text.len()));
    }
    format!("pub static {name}: Packed = Packed {{ text: {text:?}, spans: &{spans:?} }};\n")
}

/// The entries of `key` in a compiled key table (`KEYS`, `IDS`, `ID_SPANS` of the build
/// script's `keys_source`); empty for a key not in it.
#[allow(dead_code)]
pub fn ids_of(
    keys: &Packed,
    ids: &'static [u32],
    spans: &'static [(u32, u32)],
    key: &str,
) -> &'static [u32] {
    match keys.find_sorted(key) {
        Some(i) => &ids[spans[i].0 as usize..spans[i].1 as usize],
        None => &[],
    }
}
