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

/// A name and the names inside it: `스풀링(Spooling)` → itself, `스풀링`, `Spooling` (also with
/// words after the parentheses, `서킷 브레이커(Circuit Breaker) 패턴`); `OLTP vs OLAP` → itself,
/// `OLTP`, `OLAP`.
pub fn name_parts<'a>(name: &'a str) -> Vec<&'a str> {
    let mut parts = vec![name.trim()];
    let mut push = |part: &'a str| {
        let part = part.trim();
        if !part.is_empty() && !parts.contains(&part) {
            parts.push(part);
        }
    };
    // `서킷 브레이커(Circuit Breaker) 패턴`: the words after the parentheses qualify the name.
    if let Some(open) = name.find('(') {
        if let Some(close) = name[open..].find(')').map(|c| open + c) {
            push(&name[..open]);
            for piece in name[open + 1..close].split([',', '/']) {
                push(piece);
            }
        }
    }
    for separator in [" vs ", " VS ", " vs. "] {
        if name.contains(separator) {
            for piece in name.split(separator) {
                push(piece);
            }
        }
    }
    parts
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

    #[test]
    fn names_are_split_at_parentheses_and_vs() {
        assert_eq!(
            name_parts("TLB (변환 색인 버퍼)"),
            ["TLB (변환 색인 버퍼)", "TLB", "변환 색인 버퍼"]
        );
        assert_eq!(name_parts("OLTP vs OLAP"), ["OLTP vs OLAP", "OLTP", "OLAP"]);
        assert_eq!(name_parts("로드 밸런서(L4, L7)").len(), 4);
        assert_eq!(name_parts("서버리스"), ["서버리스"]);
        assert_eq!(
            name_parts("서킷 브레이커(Circuit Breaker) 패턴"),
            [
                "서킷 브레이커(Circuit Breaker) 패턴",
                "서킷 브레이커",
                "Circuit Breaker"
            ]
        );
        assert_eq!(name_parts("(주)회사"), ["(주)회사", "주"]);
    }
}
