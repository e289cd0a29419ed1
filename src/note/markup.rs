//! Site markup that the Markdown parser leaves in the text and that must reach neither the
//! reader nor the index: Liquid and Hugo tags (`{{ site.baseurl }}`, `{% include x %}`,
//! `{{< hint info >}}`), kramdown attribute lists (`{: .label }`, also after a link), bold
//! markers CommonMark does not close before a Hangul letter (`**스풀링(Spooling)**은`), and the
//! tags of HTML blocks (their text stays).

use std::borrow::Cow;

/// The note's source with Liquid and Hugo tags resolved before Markdown parsing, so that links
/// written `[x]({{ site.baseurl }}/docs/os/deadlock)` or `[x]({{< ref "/os/deadlock" >}})` are
/// links: a `ref`/`relref`/`link` tag becomes the path it names, any other tag (`{{ site.baseurl
/// }}`, `{% include note.html %}`, `{{< hint info >}}`) nothing. Tags never span lines here, so
/// line numbers are kept.
pub fn resolve_site_tags(text: &str) -> Cow<'_, str> {
    if !text.contains("{{") && !text.contains("{%") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        let next = [rest.find("{{"), rest.find("{%")]
            .into_iter()
            .flatten()
            .min();
        let Some(open) = next else { break };
        let closing = if rest[open..].starts_with("{{") {
            "}}"
        } else {
            "%}"
        };
        let line_end = rest[open..].find('\n').map_or(rest.len(), |i| open + i);
        // The closing mark comes after the opening one (`{%}` is not a tag).
        let Some(close) = rest[open + 2..line_end].find(closing).map(|i| open + 2 + i) else {
            out.push_str(&rest[..open + 2]);
            rest = &rest[open + 2..];
            continue;
        };
        out.push_str(&rest[..open]);
        out.push_str(&tag_path(&rest[open + 2..close]));
        rest = &rest[close + 2..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The path a link tag names (`< ref "/os/deadlock" >`, `% link docs/x.md %`), or nothing.
fn tag_path(inner: &str) -> String {
    let inner = inner.trim_matches(|c: char| c == '<' || c == '>' || c == '%' || c.is_whitespace());
    let mut words = inner.split_whitespace();
    match words.next() {
        Some("ref" | "relref" | "link" | "post_url") => words
            .next()
            .unwrap_or_default()
            .trim_matches(|c| c == '"' || c == '\'')
            .to_string(),
        _ => String::new(),
    }
}

/// A line without Liquid/Hugo tags, kramdown attribute lists and leftover bold markers.
pub fn clean_line(line: &str) -> Cow<'_, str> {
    let unbolded = without_bold_markers(line);
    if !unbolded.contains('{') {
        return unbolded;
    }
    let mut out = String::with_capacity(unbolded.len());
    let mut rest: &str = &unbolded;
    while let Some(open) = rest.find('{') {
        let after = &rest[open..];
        let close = if after.starts_with("{{") {
            after.find("}}").map(|i| i + 2)
        } else if after.starts_with("{%") {
            after.find("%}").map(|i| i + 2)
        } else if after.starts_with("{:") {
            after.find('}').map(|i| i + 1)
        } else {
            None
        };
        match close {
            Some(len) => {
                out.push_str(&rest[..open]);
                rest = &rest[open + len..];
            }
            None => {
                out.push_str(&rest[..open + 1]);
                rest = &rest[open + 1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
#[test]
fn bold_markers_go_from_whole_lines() {
    assert_eq!(clean_line("**RAG**는 {: .x }"), "RAG는 ");
}

/// Text without the `**` markers of bold that CommonMark left unmatched (it does not close
/// `**…**` after punctuation right before a letter, as in `**스풀링(Spooling)**은`; Obsidian and
/// kramdown do, so the author meant bold).
pub fn without_bold_markers(text: &str) -> Cow<'_, str> {
    if text.contains("**") {
        Cow::Owned(text.replace("**", ""))
    } else {
        Cow::Borrowed(text)
    }
}

/// The text of a piece of HTML: tags removed, entities decoded (`<summary>답안 예시</summary>` →
/// `답안 예시`).
pub fn html_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let decoded = htmlescape::decode_html(&text).unwrap_or(text);
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn liquid_hugo_and_kramdown_markup_is_removed() {
        assert_eq!(clean_line("{% include note.html %}"), "");
        assert_eq!(clean_line("더 보기{: .btn .btn-primary }"), "더 보기");
        assert_eq!(clean_line("{{< hint info >}}알림{{< /hint >}}"), "알림");
        assert_eq!(clean_line("경로는 {{ site.baseurl }}/docs"), "경로는 /docs");
        assert_eq!(clean_line("집합 {a, b} 그대로"), "집합 {a, b} 그대로");
    }

    #[test]
    fn site_tags_resolve_to_paths_or_nothing() {
        assert_eq!(
            resolve_site_tags("[교착]({{ site.baseurl }}/docs/os/deadlock)"),
            "[교착](/docs/os/deadlock)"
        );
        assert_eq!(
            resolve_site_tags("[RAG]({{< ref \"/ai/rag\" >}})\n{% include note.html %}\n"),
            "[RAG](/ai/rag)\n\n"
        );
        assert_eq!(
            resolve_site_tags("{{ 닫히지 않음\n}}"),
            "{{ 닫히지 않음\n}}"
        );
        // Found by fuzzing: an opening mark that overlaps its closing one.
        assert_eq!(resolve_site_tags("{%}"), "{%}");
        assert_eq!(resolve_site_tags("{{}"), "{{}");
    }

    #[test]
    fn unclosed_bold_markers_go() {
        assert_eq!(
            without_bold_markers("**스풀링(Spooling)**은"),
            "스풀링(Spooling)은"
        );
        assert_eq!(without_bold_markers("평범한 글"), "평범한 글");
    }

    #[test]
    fn html_keeps_its_text() {
        assert_eq!(
            html_text("<details><summary>답안 예시</summary>"),
            "답안 예시"
        );
        assert_eq!(html_text("<div class=\"note\">A &amp; B</div>"), "A & B");
        assert_eq!(html_text("</details>"), "");
    }
}
