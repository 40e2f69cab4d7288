/* SPDX-License-Identifier: Apache-2.0 */
/*
 * screen.c - the screen manager over ncursesw.
 */
#include "screen.h"

#include <errno.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curses.h>
#include <term.h>

#define PAIR_BAR 1       /* header and footer bars */
#define PAIR_SEL 2       /* the selected row */
#define PAIR_KEY 3       /* key names in the footer */
#define PAIR_ERR 4

static bool g_on;
static SCREEN *g_scr;

int sc_screen_start(struct sc_err *err)
{
	const char *term = getenv("TERM");
	int tterr = 0;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return sc_err_set(err, -ENOTTY, "the screen needs a terminal (use -j for JSON output)");
	setlocale(LC_ALL, "");
	if (!getenv("ESCDELAY"))
		set_escdelay(25);
	/*
	 * The terminal type is checked first: initscr() prints its own message and
	 * exits when TERM is unknown, and a failing newterm() leaks.
	 */
	if (setupterm(NULL, STDOUT_FILENO, &tterr) != OK) {
		if (!term || !*term)
			return sc_err_set(err, -ENOTTY, "cannot start the screen: TERM is not set");
		return sc_err_set(err, -ENOTTY, "cannot start the screen: %s TERM='%s'",
				  tterr < 0 ? "no terminfo database for" : "unknown terminal type", term);
	}
	del_curterm(cur_term);
	g_scr = newterm(NULL, stdout, stdin);
	if (!g_scr)
		return sc_err_set(err, -ENOTTY, "cannot start the screen (TERM='%s')", term ? term : "");
	g_on = true;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	if (has_colors()) {
		start_color();
		use_default_colors();
		init_pair(PAIR_BAR, COLOR_BLACK, COLOR_CYAN);
		init_pair(PAIR_SEL, COLOR_BLACK, COLOR_CYAN);
		init_pair(PAIR_KEY, COLOR_WHITE, COLOR_BLACK);
		init_pair(PAIR_ERR, COLOR_RED, -1);
	}
	return 0;
}

void sc_screen_end(void)
{
	if (!g_on)
		return;
	g_on = false;
	curs_set(1);
	endwin();
}

void sc_screen_suspend(void)
{
	if (!g_on)
		return;
	def_prog_mode();
	endwin();
}

void sc_screen_resume(void)
{
	if (!g_on)
		return;
	reset_prog_mode();
	clearok(stdscr, TRUE);
	refresh();
}

int sc_screen_getkey(int timeout_ms)
{
	timeout(timeout_ms);
	return getch();
}

size_t sc_screen_page(void)
{
	int rows = LINES - 4;   /* two bars, the column header, the footer */

	return rows > 0 ? (size_t)rows : 0;
}

/*
 * Puts s at (y, x), cut to the screen, the rest of the line blank when fill.
 * Control characters become '.'; UTF-8 text goes to ncursesw whole.
 */
static void put(int y, int x, const char *s, attr_t attr, bool fill)
{
	char buf[1024];
	int w = COLS - x, n = 0, cy, cx;

	if (y < 0 || y >= LINES || w <= 0)
		return;
	for (const char *p = s; p && *p && n < w && n < (int)sizeof(buf) - 1; p++)
		buf[n++] = (unsigned char)*p < 0x20 || *p == 0x7f ? '.' : *p;
	buf[n] = '\0';
	attron(attr);
	mvaddnstr(y, x, buf, n);
	if (fill) {
		getyx(stdscr, cy, cx);
		if (cy == y)
			for (; cx < COLS; cx++)
				addch(' ');
	}
	attroff(attr);
}

static attr_t bar_attr(void)
{
	return has_colors() ? COLOR_PAIR(PAIR_BAR) : A_REVERSE;
}

static void draw_footer(const struct sc_screen_model *m)
{
	static const char *const items[][2] = {
		{ "F1", "Help" }, { "F2", "Views" }, { "F4", "Filter" }, { "F5", "Echo" }, { "F6", "Dig" },
		{ "F7", "Legend" }, { "F8", "Actions" }, { "F9", "Sort" }, { "F10", "Quit" }, { "/", "Search" },
		{ "p", "Pause" },
	};
	int y = LINES - 1, x = 0;
	int rw = m->footer_right ? (int)strlen(m->footer_right) : 0;

	move(y, 0);
	clrtoeol();
	/* the position on the right always shows; the keys take what room is left */
	for (size_t i = 0; i < sizeof(items) / sizeof(items[0]); i++) {
		int n = (int)(strlen(items[i][0]) + strlen(items[i][1]));

		if (x + n >= COLS - rw)
			break;
		put(y, x, items[i][0], A_BOLD, false);
		x += (int)strlen(items[i][0]);
		put(y, x, items[i][1], bar_attr(), false);
		x += (int)strlen(items[i][1]);
		put(y, x, " ", 0, false);
		x++;
	}
	if (rw && rw <= COLS)
		put(y, COLS - rw, m->footer_right, 0, false);
}

static void draw_table(const struct sc_screen_model *m)
{
	const struct sc_table *t = m->table;
	struct sc_strbuf b = { 0 };
	size_t page = sc_screen_page();

	sc_table_header(t, (size_t)COLS, &b);
	put(2, 0, b.s ? b.s : "", bar_attr(), true);
	for (size_t i = 0; i < page; i++) {
		size_t pos = t->top + i;

		sc_strbuf_reset(&b);
		if (pos < t->rows.n)
			sc_table_line(t, pos, (size_t)COLS, &b);
		put(3 + (int)i, 0, b.s ? b.s : "",
		    pos < t->rows.n && pos == t->sel ? (has_colors() ? COLOR_PAIR(PAIR_SEL) : A_REVERSE) : 0, true);
	}
	sc_strbuf_free(&b);
}

static void draw_text(const struct sc_screen_model *m)
{
	size_t page = sc_screen_page();

	put(2, 0, m->text_title ? m->text_title : "", bar_attr(), true);
	for (size_t i = 0; i < page; i++) {
		size_t pos = m->text_top + i;

		put(3 + (int)i, 0, pos < m->ntext ? m->text[pos] : "", 0, true);
	}
}

static void draw_menu(const struct sc_screen_model *m)
{
	size_t page = sc_screen_page() + 1, top = 0;
	int w = 0;

	for (size_t i = 0; i < m->menu_n; i++)
		if ((int)strlen(m->menu_items[i]) > w)
			w = (int)strlen(m->menu_items[i]);
	w += 2;
	if (w > COLS / 2)
		w = COLS / 2;
	if (m->menu_sel >= page)
		top = m->menu_sel - page + 1;
	for (int y = 2; y < LINES - 1; y++) {
		move(y, 0);
		clrtoeol();
	}
	put(2, 0, m->menu_title ? m->menu_title : "", bar_attr(), false);
	for (size_t i = 0; i + 1 < page && top + i < m->menu_n; i++) {
		size_t k = top + i;
		char line[256];

		snprintf(line, sizeof(line), "%-*.*s", w, w, m->menu_items[k]);
		put(3 + (int)i, 0, line, k == m->menu_sel ? (has_colors() ? COLOR_PAIR(PAIR_SEL) : A_REVERSE) : 0,
		    false);
	}
	if (m->menu_side) {
		/* the side text, wrapped at the screen's edge */
		int y = 3, x = w + 1, cw = COLS - x;
		const char *p = m->menu_side;

		while (*p && y < LINES - 1 && cw > 10) {
			const char *nl = strchr(p, '\n');
			int n = nl ? (int)(nl - p) : (int)strlen(p);

			if (n > cw)
				n = cw;
			move(y, x);
			addnstr(p, n);
			p += n;
			if (*p == '\n')
				p++;
			y++;
		}
	}
}

static void draw_help(const struct sc_screen_model *m)
{
	int y = 2;
	const char *p = m->help_text ? m->help_text : "";

	for (int r = 2; r < LINES - 1; r++) {
		move(r, 0);
		clrtoeol();
	}
	while (*p && y < LINES - 1) {
		const char *nl = strchr(p, '\n');
		int n = nl ? (int)(nl - p) : (int)strlen(p);

		move(y++, 0);
		addnstr(p, n < COLS ? n : COLS);
		p += n;
		if (*p == '\n')
			p++;
	}
}

void sc_screen_draw(const struct sc_screen_model *m)
{
	if (!g_on)
		return;
	erase();
	put(0, 0, m->line1 ? m->line1 : "", 0, true);
	put(1, 0, m->line2 ? m->line2 : "", 0, true);
	if (m->overlay == SC_OV_MENU)
		draw_menu(m);
	else if (m->overlay == SC_OV_HELP)
		draw_help(m);
	else if (m->table)
		draw_table(m);
	else
		draw_text(m);
	if (m->overlay == SC_OV_INPUT) {
		int y = LINES - 2;

		if (m->input_error) {
			/* the error under the line, the caret lined up with the text */
			const char *p = m->input_error;
			int ey = LINES - 1 - 3;

			y = ey - 1;
			while (*p && ey < LINES - 1) {
				const char *nl = strchr(p, '\n');
				int n = nl ? (int)(nl - p) : (int)strlen(p);

				move(ey, 0);
				clrtoeol();
				attron(has_colors() ? COLOR_PAIR(PAIR_ERR) : A_BOLD);
				addnstr(p, n < COLS ? n : COLS);
				attroff(has_colors() ? COLOR_PAIR(PAIR_ERR) : A_BOLD);
				ey++;
				p += n;
				if (*p == '\n')
					p++;
			}
		}
		move(y, 0);
		clrtoeol();
		put(y, 0, m->input_prompt ? m->input_prompt : "", A_BOLD, false);
		put(y, (int)strlen(m->input_prompt ? m->input_prompt : ""), m->input_text ? m->input_text : "", 0,
		    true);
	} else if (m->message) {
		put(LINES - 2, 0, m->message, A_BOLD, true);
	}
	draw_footer(m);
	refresh();
}
