//! Colour for the text report on a terminal. The report's text is made once (`output::text`, the
//! same words piped or not); this paints its line kinds, and the output is written through `anstream`,
//! which drops the colours when standard output is not a terminal or `NO_COLOR` is set.

use owo_colors::OwoColorize;

/// `text` (lines of `output::text`) with the kind of each line coloured: violations and a denial in
/// red, obligations in yellow, warnings in cyan, an allowance in green, hints dimmed.
pub(crate) fn paint(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    for line in text.split_inclusive('\n') {
        let (body, end) = match line.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (line, ""),
        };
        let painted = match body.split_once(' ') {
            Some(("violation", rest)) => format!("{} {}", "violation".red().bold(), rest),
            Some(("obligation", rest)) => format!("{} {}", "obligation".yellow().bold(), rest),
            Some(("warning", rest)) => format!("{} {}", "warning".cyan().bold(), rest),
            _ => match body.split_once(": ") {
                Some(("ALLOWED", rest)) => format!("{}: {}", "ALLOWED".green().bold(), rest),
                Some(("DENIED", rest)) => format!("{}: {}", "DENIED".red().bold(), rest),
                _ if body.starts_with("  hint: ") => body.dimmed().to_string(),
                _ => body.to_owned(),
            },
        };
        out.push_str(&painted);
        out.push_str(end);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn painting_keeps_every_word_and_only_adds_styles() {
        let text = "violation DurationExceedsMaximum at /x: too long\n  hint: shorter\nDENIED: activate by user at assignment level (1 violation, 0 obligations, 0 warnings)\n";
        let painted = paint(text);
        assert_ne!(painted, text);
        assert_eq!(anstream::adapter::strip_str(&painted).to_string(), text);
        assert!(
            painted.contains("\u{1b}[31"),
            "red for the violation: {painted:?}"
        );
    }
}
