//! Search quality cannot silently fall: the relevance evaluation over the bundled notes must
//! stay above floors set a little under the measured numbers (README, "Search quality").

use std::path::Path;

use noteseek::eval::{self, Report, KINDS};
use noteseek::index::build;

/// Overall MRR@10 and P@1, and MRR@10 of every kind, measured at 0.996, 0.992 and ≥ 0.962.
const MRR_FLOOR: f64 = 0.97;
const P1_FLOOR: f64 = 0.96;
const KIND_MRR_FLOOR: f64 = 0.92;

#[test]
fn relevance_stays_above_its_floors() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let notes = root.join("notes");
    let queries = eval::load(&root.join("tests/eval/queries.tsv")).unwrap();
    assert!(queries.len() >= 100);
    let dir = tempfile::tempdir().unwrap();
    let index = build::rebuild(&notes, &dir.path().join("index")).unwrap();
    let report = Report::run(&index, &notes, &queries).unwrap();
    let table = report.table();
    let [all, grep, _] = report.mean(None);
    assert!(all.mrr >= MRR_FLOOR, "MRR@10 {:.3}\n{table}", all.mrr);
    assert!(all.p1 >= P1_FLOOR, "P@1 {:.3}\n{table}", all.p1);
    assert!(all.mrr > grep.mrr, "{table}");
    for kind in KINDS {
        let [ours, grep, _] = report.mean(Some(kind));
        if ours.count == 0 {
            continue;
        }
        assert!(
            ours.mrr >= KIND_MRR_FLOOR,
            "{kind}: MRR@10 {:.3}\n{table}",
            ours.mrr
        );
        assert!(
            ours.mrr >= grep.mrr,
            "{kind}: below the grep baseline\n{table}"
        );
    }
    assert_eq!(
        report.wrong_sections(),
        Vec::<u32>::new(),
        "section queries printed another section"
    );
}
