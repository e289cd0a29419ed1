//! Suggestions for names that were not found: the closest titles or tags to what was typed.

/// How close a candidate key is to what was typed, 0 to 1. Names like `도커(docker)` are compared
/// whole and by each name in them (`도커`, `docker`), so `도카` still finds `도커(Docker)`; a
/// candidate holding what was typed (or held by it) is as close as can be.
pub fn similarity(candidate: &str, wanted: &str) -> f64 {
    if wanted.chars().count() >= 2 && (candidate.contains(wanted) || wanted.contains(candidate)) {
        return 1.0;
    }
    candidate
        .split(['(', ')', ','])
        .filter(|part| !part.is_empty())
        .chain([candidate])
        .map(|part| {
            strsim::normalized_levenshtein(part, wanted)
                .max(strsim::jaro_winkler(part, wanted) - 0.1)
        })
        .fold(0.0, f64::max)
}

/// The candidates at least `min_score` close to `wanted`, closest first (ties in candidate
/// order), at most `most`.
pub fn closest<'a>(
    candidates: impl IntoIterator<Item = &'a String>,
    wanted: &str,
    min_score: f64,
    most: usize,
) -> Vec<&'a String> {
    let mut scored: Vec<(f64, &String)> = candidates
        .into_iter()
        .map(|c| (similarity(c, wanted), c))
        .filter(|(score, _)| *score >= min_score)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.into_iter().take(most).map(|(_, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::key;

    #[test]
    fn a_misspelt_name_inside_a_title_is_close() {
        assert!(similarity(&key("도커(Docker)"), &key("도카")) >= 0.5);
        assert_eq!(
            similarity(&key("쿠버네티스(Kubernetes)"), "쿠버네티스"),
            1.0
        );
        assert!(similarity(&key("정규화(Normalization)"), &key("블록체인")) < 0.5);
    }

    #[test]
    fn closest_come_first_and_far_ones_not_at_all() {
        let tags: Vec<String> = ["보안", "보안관제", "클라우드"].map(String::from).to_vec();
        assert_eq!(closest(&tags, "보안", 0.5, 5), ["보안", "보안관제"]);
    }
}
