//! The offline dictionary recipe a new user follows (README, "The Korean dictionary").

use std::path::Path;
use std::process::Command;

/// A copy of the project's setup script in a scratch project beside a prepared cache.
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("project");
    std::fs::create_dir_all(project.join("scripts")).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/link-dictionary.sh"),
        project.join("scripts/link-dictionary.sh"),
    )
    .unwrap();
    let prepared = dir.path().join("shared/lindera-cache/6.2.0-fmt2");
    std::fs::create_dir_all(&prepared).unwrap();
    std::fs::write(prepared.join("dict.bin"), b"x").unwrap();
    dir
}

fn link(dir: &Path) -> std::process::Output {
    Command::new("sh")
        .arg(dir.join("project/scripts/link-dictionary.sh"))
        .output()
        .unwrap()
}

#[test]
fn the_empty_folder_a_failed_offline_build_leaves_is_replaced_by_the_link() {
    let dir = scratch();
    // What a first `cargo build` without the cache leaves behind.
    std::fs::create_dir_all(dir.path().join("project/.lindera-cache/6.2.0-fmt2")).unwrap();
    let out = link(dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cache = dir.path().join("project/.lindera-cache");
    assert!(cache.symlink_metadata().unwrap().is_symlink());
    assert!(cache.join("6.2.0-fmt2/dict.bin").exists());
    // Running it again changes nothing.
    assert!(link(dir.path()).status.success());
}

#[test]
fn a_downloaded_cache_is_kept() {
    let dir = scratch();
    let own = dir.path().join("project/.lindera-cache/6.2.0-fmt2");
    std::fs::create_dir_all(&own).unwrap();
    std::fs::write(own.join("downloaded.bin"), b"y").unwrap();
    assert!(link(dir.path()).status.success());
    assert!(own.join("downloaded.bin").exists());
    assert!(!dir
        .path()
        .join("project/.lindera-cache")
        .symlink_metadata()
        .unwrap()
        .is_symlink());
}
