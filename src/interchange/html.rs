//! Plain text from the HTML that other CRMs keep in notes and activity bodies
//! (Pipedrive's "Note - Content", HubSpot's note bodies): paragraphs, line breaks and
//! list items become lines (blank ones dropped), entities become characters, every tag goes. Text without
//! markup is returned as it is.

/// Block-level tags whose end starts a new line.
const BLOCKS: [&str; 11] = [
    "div",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "ul",
];

/// The text of `s` if it looks like HTML; otherwise `s` unchanged.
pub fn plain(s: &str) -> String {
    if !looks_like_html(s) {
        return s.to_string();
    }
    let marked = mark_blocks(s);
    // A no-break space (`&nbsp;`) is an ordinary space in plain text.
    let text = mail_parser::decoders::html::html_to_text(&marked).replace('\u{a0}', " ");
    tidy_lines(&text)
}

/// Whether `s` holds a tag or an entity.
fn looks_like_html(s: &str) -> bool {
    let tag = s.find('<').is_some_and(|i| {
        s[i + 1..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!')
            && s[i..].contains('>')
    });
    tag || (s.contains('&') && s.contains(';'))
}

/// Adds a `<br>` after the end of each block tag and before each list item, so the
/// converter (which breaks lines only at `<br>` and `</p>`) keeps them apart.
fn mark_blocks(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    let mut rest = s;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let Some(end) = tail.find('>') else {
            out.push_str(tail);
            return out;
        };
        let tag = &tail[..=end];
        let name: String = tag
            .trim_start_matches('<')
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        let closing = tag.starts_with("</");
        if name == "li" && !closing {
            out.push_str("<br>- ");
            out.push_str(tag);
        } else {
            out.push_str(tag);
            if closing && BLOCKS.contains(&name.as_str()) {
                out.push_str("<br>");
            }
        }
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Trims each line and drops the blank ones (markup leaves many).
fn tidy_lines(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::plain;

    #[test]
    fn paragraphs_breaks_and_lists_become_lines() {
        assert_eq!(
            plain("<p>Called Jürgen&nbsp;&amp; Ana</p><p>Next:<br>send quote</p>"),
            "Called Jürgen & Ana\nNext:\nsend quote"
        );
        assert_eq!(
            plain("<div>Agenda</div><ul><li>pricing</li><li>rollout</li></ul>"),
            "Agenda\n- pricing\n- rollout"
        );
    }

    #[test]
    fn text_without_markup_is_kept_as_it_is() {
        assert_eq!(plain("1 < 2 and 3 > 2"), "1 < 2 and 3 > 2");
        assert_eq!(plain("line one\nline two"), "line one\nline two");
    }

    #[test]
    fn broken_markup_does_not_panic() {
        for s in [
            "<p",
            "<",
            "&;",
            "<p>é<",
            "<li",
            "</",
            "<!-- x",
            "&#xFFFFFFFF;",
        ] {
            let _ = plain(s);
        }
    }
}
