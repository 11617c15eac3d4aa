"""The last scene: the rules of weight sharing on one screen, said.

What the lecture established, one rule a line, each shown as it is said: one depth slice, one
filter, at every position; another slice, another filter; inside a filter every weight differs,
one slice per input channel; without sharing (locally and fully connected) the counts grow; a
shared weight's gradient adds one term per position. The counts are ``cnncore.param_counts`` of
the lecture's layer (as ``ParameterCounts`` shows them), the addresses and positions its trace's.

    manim -qh scenes/content/recap.py Recap
"""
from __future__ import annotations

from manim import DOWN, LEFT, RIGHT, UP, FadeIn, VGroup

from cnncore import param_counts
from scenes.base import Beat, LectureScene
from scenes.i18n import _
from scenes.visual import palette as P
from scenes.visual.layout import BODY, title
from scenes.visual.mobjects import label, place
from scenes.visual.words import demo_address, exact

SIZE = 24          # every rule's text
MARKS = ("slice", "other", "inside", "without", "gradient")


class Recap(LectureScene):
    params_key = "recap"
    beats = (
        Beat("rules", values=("positions", "other", "has_other", "shared", "local", "dense"), marks=MARKS),
    )

    def construct(self):
        p = self.layer
        self.trace = self.layer.trace()
        self.counts = param_counts(channels=p.channels, size=p.input_size, filters=p.filters,
                                   kernel_size=p.kernel_size, stride=p.stride, padding=p.padding,
                                   dilation=p.dilation)
        self.the_rules()

    def rule_lines(self) -> dict:
        """Each rule's lines, by the mark it is shown at: {mark: [Label, ...]}."""
        t = self.trace
        K, ho, wo = t.out_shape
        c = self.counts
        other = f"o{demo_address(1, 0, 0)}" if K > 1 else None
        rules = {
            "slice": [_("One depth slice, one filter: every neuron of o[:,:,k] uses wk,"),
                      _("the same weights at every position the filter visits.")],
            "other": ([_("Another slice, another filter: {first} and {other} share no weight.").format(
                first=f"o{demo_address(0, 0, 0)}", other=other)] if other else
                      [_("Another slice, another filter: no weight in common.")]),
            "inside": [_("Inside a filter every weight differs; each input channel has its own"),
                       _("slice of the filter: nothing is shared across channels.")],
            "without": [_("Without sharing, every position owns its weights: this layer has"),
                        _("{shared} parameters shared, {local} locally connected, {dense} fully connected.").format(
                            shared=exact(c["shared"]["total"]), local=exact(c["local"]["total"]),
                            dense=exact(c["dense"]["total"]))],
            "gradient": [_("Training: a shared weight's gradient adds one term per position ({n} here).").format(
                n=ho * wo)],
        }
        return {mark: [label(text, SIZE, P.TEXT) for text in lines] for mark, lines in rules.items()}

    def the_rules(self):
        t = self.trace
        K, ho, wo = t.out_shape
        c = self.counts
        self.beat("rules", positions=ho * wo, other=f"o{demo_address(1, 0, 0)}" if K > 1 else "",
                  has_other="yes" if K > 1 else "no", shared=exact(c["shared"]["total"]),
                  local=exact(c["local"]["total"]), dense=exact(c["dense"]["total"]))
        self.add(title(_("The rules of weight sharing")))
        lines = self.rule_lines()
        self.rules = {}
        rows = VGroup()
        for n, mark in enumerate(MARKS):
            number = label(f"{n + 1}", SIZE + 4, P.HIGHLIGHT, weight="BOLD")
            text = VGroup(*lines[mark]).arrange(DOWN, buff=0.1, aligned_edge=LEFT)
            row = VGroup(number, text).arrange(RIGHT, buff=0.3, aligned_edge=UP)
            self.rules[mark] = row
            rows.add(row)
        rows.arrange(DOWN, buff=0.55, aligned_edge=LEFT)
        place(rows, *BODY, align=LEFT)
        for mark in MARKS:
            self.until_mark(mark)
            self.play(FadeIn(self.rules[mark]), run_time=0.6)
            self.checkpoint(f"rule {mark}")
        self.checkpoint("all rules")
