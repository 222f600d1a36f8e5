//! The HTML that Pipedrive (and HubSpot) write into note and activity bodies, turned
//! into the plain text rolo keeps: block ends and `<br>` become line breaks (empty lines are dropped), list items
//! start with "- ", other tags are dropped and the common entities decoded. Only a cell
//! that looks like HTML is touched, so "a < b" in a plain note stays as it is.

/// Whether a cell holds HTML markup.
pub fn looks_like_html(s: &str) -> bool {
    let l = s.to_ascii_lowercase();
    [
        "</", "<br", "<p>", "<p ", "<div", "<ul", "<li", "<b>", "<i>", "<a ",
    ]
    .iter()
    .any(|t| l.contains(t))
}

/// Plain text of an HTML fragment.
pub fn to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&decode(&rest[..open]));
        let Some(close) = rest[open..].find('>') else {
            // A lone "<": text, not a tag.
            out.push_str(&decode(&rest[open..]));
            rest = "";
            break;
        };
        let tag = rest[open + 1..open + close].trim().to_ascii_lowercase();
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        let closing = tag.starts_with('/');
        match name.as_str() {
            "br" => out.push('\n'),
            "p" | "div" | "ul" | "ol" | "h1" | "h2" | "h3" | "h4" | "blockquote" | "tr"
                if closing =>
            {
                out.push('\n')
            }
            "li" if !closing => out.push_str("\n- "),
            _ => {}
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(&decode(rest));
    // Whitespace tidied line by line; markup's empty lines dropped.
    out.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn decode(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_lose_their_markup_but_keep_their_lines() {
        let html = "<p>Call with <b>Tomás</b>&nbsp;&amp; team:</p><ul><li>price ok</li><li>start in May</li></ul><p>Next: send the contract<br>by Friday</p>";
        assert!(looks_like_html(html));
        assert_eq!(
            to_text(html),
            "Call with Tomás & team:\n- price ok\n- start in May\nNext: send the contract\nby Friday"
        );
        assert!(!looks_like_html("a < b and c > d"));
        assert_eq!(to_text("x < y"), "x < y");
    }
}
