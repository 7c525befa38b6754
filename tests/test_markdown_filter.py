"""One Markdown escaping filter (textclean.escape_markdown), applied to every value that
goes into Markdown through textclean.md; our own template text is left as written."""

from __future__ import annotations

from sciatica_cli.textclean import Markdown, escape_markdown, md, md_commands


def test_every_value_is_escaped_and_the_template_is_not() -> None:
    out = md("**{}:** {} ({})", "*Sam*", "[a](javascript:x) <b>hi</b> | `code`", 3)
    assert out == ("**\\*Sam\\*:** \\[a\\](javascript:x) \\<b\\>hi\\</b\\> \\| \\`code\\` "
                   "(3)")


def test_a_web_address_becomes_an_autolink_and_controls_are_shown() -> None:
    assert md("- {}", "see https://example.org/a_b.") == "- see <https://example.org/a_b>."
    assert md("{}", "bell\x07") == "bell\\\\x07"


def test_markdown_already_made_is_not_escaped_twice() -> None:
    inner = md("*{}*", "a_b")
    assert isinstance(inner, Markdown) and escape_markdown(inner) == "*a\\_b*"
    assert md("{} and {}", inner, "c_d") == "*a\\_b* and c\\_d"


def test_our_sentences_keep_their_commands_as_code() -> None:
    assert md_commands("Run `sciatica redflags` *now*.") == (
        "Run `sciatica redflags` \\*now\\*.")
