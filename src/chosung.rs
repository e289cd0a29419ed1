//! 초성 (initial-consonant) search: `ㅋㄹㅇㄷ ㄴㅇㅌㅂ` finds 클라우드 네이티브, as Korean phone
//! keyboards and dictionaries let people type.

/// The initial consonants of Hangul syllables, in Unicode order.
const INITIALS: [char; 19] = [
    'ㄱ', 'ㄲ', 'ㄴ', 'ㄷ', 'ㄸ', 'ㄹ', 'ㅁ', 'ㅂ', 'ㅃ', 'ㅅ', 'ㅆ', 'ㅇ', 'ㅈ', 'ㅉ', 'ㅊ', 'ㅋ',
    'ㅌ', 'ㅍ', 'ㅎ',
];

/// Whether `text` is made only of consonant letters (what a 초성 query is).
pub fn is_chosung_query(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| INITIALS.contains(&c))
}

/// The 초성 of each Hangul word of `text` (`클라우드 네이티브(Cloud)` → `ㅋㄹㅇㄷ`, `ㄴㅇㅌㅂ`), and
/// of all its Hangul words run together (`ㅋㄹㅇㄷㄴㅇㅌㅂ`) for queries typed without spaces.
pub fn words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .map(|word| word.chars().filter_map(initial).collect::<String>())
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() > 1 {
        words.push(words.concat());
    }
    words
}

fn initial(c: char) -> Option<char> {
    let code = c as u32;
    (0xAC00..=0xD7A3)
        .contains(&code)
        .then(|| INITIALS[((code - 0xAC00) / 588) as usize])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_give_the_initials_of_each_word_and_all_together() {
        assert_eq!(
            words("클라우드 네이티브"),
            ["ㅋㄹㅇㄷ", "ㄴㅇㅌㅂ", "ㅋㄹㅇㄷㄴㅇㅌㅂ"]
        );
        assert_eq!(words("도커(Docker)"), ["ㄷㅋ"]);
        assert_eq!(words("쿠버네티스(Kubernetes)"), ["ㅋㅂㄴㅌㅅ"]);
    }

    #[test]
    fn only_consonant_letters_make_a_chosung_query() {
        assert!(is_chosung_query("ㅋㄹㅇㄷ"));
        assert!(!is_chosung_query("ㅋ라"));
        assert!(!is_chosung_query("abc"));
        assert!(!is_chosung_query(""));
    }
}
