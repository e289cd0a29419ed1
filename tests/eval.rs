//! Search quality cannot silently fall: the relevance evaluations stay above floors set a little
//! under the measured numbers (README, "Search quality").

use std::collections::HashMap;
use std::path::Path;

use noteseek::eval::{self, Report, KINDS};
use noteseek::index::build;

fn report(notes: &str, queries: &str) -> Report {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let notes = root.join(notes);
    let queries = eval::load(&root.join(queries)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let index = build::rebuild(&notes, &dir.path().join("index")).unwrap();
    Report::run(&index, &notes, &queries).unwrap()
}

/// The bundled notes: overall MRR@10 and P@1, and MRR@10 of every kind, measured at 1.000,
/// 1.000 and 1.000; never under the grep baseline.
#[test]
fn bundled_relevance_stays_above_its_floors() {
    let report = report("notes", "tests/eval/queries.tsv");
    assert!(report.rows.len() >= 100);
    let table = report.table();
    let [all, grep, _] = report.mean(None);
    assert!(all.mrr >= 0.97, "MRR@10 {:.3}\n{table}", all.mrr);
    assert!(all.p1 >= 0.96, "P@1 {:.3}\n{table}", all.p1);
    assert!(all.mrr > grep.mrr, "{table}");
    for kind in KINDS {
        let [ours, grep, _] = report.mean(Some(kind));
        if ours.count == 0 {
            continue;
        }
        assert!(ours.mrr >= 0.92, "{kind}: MRR@10 {:.3}\n{table}", ours.mrr);
        assert!(ours.mrr >= grep.mrr, "{kind}: below grep\n{table}");
    }
    assert_eq!(
        report.wrong_sections(),
        Vec::<u32>::new(),
        "section queries printed another section"
    );
}

/// The foreign vault, all 330 queries (the held-aside third was run once, then joined): overall
/// MRR@10 measured at 0.951 and P@1 at 0.930; per kind a floor a little under its measure; above
/// both baselines overall and in every kind where the bigram baseline is below 1.
#[test]
fn foreign_vault_relevance_stays_above_its_floors() {
    let report = report("tests/eval/foreign/vault", "tests/eval/foreign/queries.tsv");
    assert!(report.rows.len() >= 300);
    let table = report.table();
    let [all, grep, bigram] = report.mean(None);
    assert!(all.mrr >= 0.93, "MRR@10 {:.3}\n{table}", all.mrr);
    assert!(all.p1 >= 0.90, "P@1 {:.3}\n{table}", all.p1);
    assert!(all.mrr > grep.mrr && all.mrr > bigram.mrr, "{table}");
    let floors: HashMap<&str, f64> = HashMap::from([
        ("term", 0.95),
        ("inflected", 0.88),
        ("alias", 0.95),
        ("alias-translit", 0.90),
        ("alias-acronym", 0.93),
        ("spacing", 0.95),
        ("section", 0.92),
        ("mnemonic", 0.95),
        ("concept", 0.85),
        ("partial", 0.90),
    ]);
    for kind in KINDS {
        let [ours, _, bigram] = report.mean(Some(kind));
        assert!(ours.count >= 15, "{kind}: only {} queries", ours.count);
        assert!(
            ours.mrr >= floors[kind],
            "{kind}: MRR@10 {:.3}\n{table}",
            ours.mrr
        );
        if bigram.mrr < 1.0 {
            assert!(
                ours.mrr > bigram.mrr,
                "{kind}: below the bigram baseline\n{table}"
            );
        }
    }
}
