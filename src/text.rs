//! Text normalisation shared by every layer: Unicode NFC and the comparable key of a name.

use unicode_normalization::UnicodeNormalization;

/// Normalises text to NFC. Decomposed Hangul (macOS file names, some copied text) would
/// otherwise analyse as unknown characters and never match.
pub fn nfc(text: &str) -> String {
    if unicode_normalization::is_nfc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes
    {
        text.to_string()
    } else {
        text.nfc().collect()
    }
}

/// The comparable form of a name (a title, an alias, a term's other name): NFC, lowercase,
/// without whitespace, so that `CI, CD` = `ci,cd` and `클라우드 네이티브` = `클라우드네이티브`.
pub fn key(name: &str) -> String {
    nfc(name)
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decomposed_hangul_becomes_composed() {
        let nfd = "\u{1112}\u{1161}\u{11ab}"; // 한 in NFD
        assert_eq!(nfc(nfd), "한");
    }

    #[test]
    fn keys_ignore_case_spacing_and_normal_form() {
        assert_eq!(key("CI, CD"), key("ci,cd"));
        assert_eq!(key("클라우드 네이티브"), "클라우드네이티브");
        assert_eq!(key("\u{1112}\u{1161}\u{11ab} Go"), "한go");
    }
}
