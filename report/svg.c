/* svg.c - the report's charts as inline SVG: horizontal bar charts of
 * counts, histograms of scores, and a standard's six indicator bars.
 *
 * Plain SVG 1.1 elements with a viewBox (they scale with the page), a
 * <title> for screen readers, and text that inherits the page's CJK font
 * stack from the CSS.  Every label is escaped: category and status names
 * come from the database. */
#include "report.h"

#include <stdio.h>

/* Colours of the bars, in turn. */
static const char *const palette[] = {
	"#3b6ea5", "#d17a22", "#4f9a5b", "#b8443c", "#7c5ea8", "#8a6a4a",
	"#c45f9a", "#6b7f8c", "#a5a23b", "#3b9a9a",
};
#define PALETTE_N (sizeof palette / sizeof palette[0])

void svg_bar_chart(struct buf *b, const char *title, const struct tally *t, size_t n)
{
	const int row = 26, label_w = 130, bar_w = 300, width = 500, top = 8;
	long max = 1;
	for (size_t i = 0; i < n; i++)
		if (t[i].n > max)
			max = t[i].n;
	int height = top * 2 + row * (int)n;
	buf_printf(b, "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\""
		   "><title>", width, height, width, height);
	html_escape(b, title);
	buf_puts(b, "</title>");
	for (size_t i = 0; i < n; i++) {
		int y = top + row * (int)i;
		int w = (int)((double)bar_w * (double)t[i].n / (double)max + 0.5);
		buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" class=\"lbl\">", label_w - 8,
			   y + 17);
		html_escape(b, t[i].label);
		buf_printf(b, "</text><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"18\" rx=\"2\""
			   " fill=\"%s\"/><text x=\"%d\" y=\"%d\" class=\"val\">%ld</text>",
			   label_w, y + 4, w, palette[i % PALETTE_N], label_w + w + 6, y + 17, t[i].n);
	}
	buf_puts(b, "</svg>");
}

/* The bars of sc's bins, side by side, each edge labelled with its score
 * (the scale is sc's: the range the scores occupy, not 0 to 100). */
void svg_histogram(struct buf *b, const char *title, const struct score_scale *sc)
{
	const int width = 500, height = 210, left = 36, bottom = 30, top = 16;
	const int plot_w = width - left - 10, plot_h = height - top - bottom;
	const int slot = plot_w / sc->bins;
	long max = 1;
	for (int i = 0; i < sc->bins; i++)
		if (sc->count[i] > max)
			max = sc->count[i];
	buf_printf(b, "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\""
		   "><title>", width, height, width, height);
	html_escape(b, title);
	buf_puts(b, "</title>");
	buf_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"axis\"/>",
		   left, top + plot_h, left + slot * sc->bins, top + plot_h);
	buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" class=\"val\">%ld</text>",
		   left - 6, top + 10, max);
	buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" class=\"val\">0</text>",
		   left - 6, top + plot_h);
	for (int i = 0; i <= sc->bins; i++) {
		double edge = sc->start + sc->width * i;
		if (i < sc->bins) {
			long n = sc->count[i];
			int h = (int)((double)plot_h * (double)n / (double)max + 0.5);
			int x = left + slot * i + 3;
			buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\">"
				   "<title>%g–%g: %ld</title></rect>", x, top + plot_h - h, slot - 6, h,
				   palette[0], edge, edge + sc->width, n);
			if (n)
				buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" class=\"val\">"
					   "%ld</text>", x + (slot - 6) / 2, top + plot_h - h - 4, n);
		}
		buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" class=\"lbl\">%g</text>",
			   left + slot * i, top + plot_h + 18, edge);
	}
	buf_puts(b, "</svg>");
}

void svg_indicator_bars(struct buf *b, const struct doc *d)
{
	const int row = 18, label_w = 56, bar_w = 200, width = 300;
	int height = row * IND_COUNT + 4;
	buf_printf(b, "<svg class=\"ind\" role=\"img\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\""
		   "><title>", width, height, width, height);
	buf_puts(b, "indicators / 指标");
	buf_puts(b, "</title>");
	for (int i = 0; i < IND_COUNT; i++) {
		int y = 2 + row * i;
		double v = d->has_indicator[i] ? d->indicator[i] : 0;
		if (v < 0)
			v = 0;
		if (v > 100)
			v = 100;
		int w = (int)(bar_w * v / 100 + 0.5);
		const char *fill = v >= 80 ? "#4f9a5b" : v >= 50 ? "#d1a522" : "#b8443c";
		buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" class=\"lbl\">%s</text>"
			   "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"12\" class=\"track\"/>"
			   "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"12\" fill=\"%s\"/>",
			   label_w - 6, y + 11, indicator_label[i], label_w, y + 1, bar_w,
			   label_w, y + 1, w, fill);
		if (d->has_indicator[i])
			buf_printf(b, "<text x=\"%d\" y=\"%d\" class=\"val\">%.0f</text>",
				   label_w + bar_w + 6, y + 11, d->indicator[i]);
		else
			buf_printf(b, "<text x=\"%d\" y=\"%d\" class=\"val\">–</text>",
				   label_w + bar_w + 6, y + 11);
	}
	buf_puts(b, "</svg>");
}
