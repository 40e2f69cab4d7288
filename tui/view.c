/* SPDX-License-Identifier: Apache-2.0 */
/*
 * view.c - loads csyscope's views from Lua data files. The file runs in a
 * Lua state with only the base, string, table and math libraries (no io,
 * os, package, dofile or loadfile) and a bounded instruction count; what it
 * leaves in `view_info` (or returns) is copied into C and the state closed.
 */
#include "view.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "core/util.h"

#define VIEW_MAX_STEPS 10000000   /* instructions: a data file needs a few thousand */

static const char *const agg_names[] = {
	[SC_AGG_NONE] = "NONE", [SC_AGG_SUM] = "SUM", [SC_AGG_AVG] = "AVG",
	[SC_AGG_TIME_AVG] = "TIME_AVG", [SC_AGG_MIN] = "MIN", [SC_AGG_MAX] = "MAX",
};

const char *sc_agg_name(enum sc_agg a)
{
	return (unsigned)a < sizeof(agg_names) / sizeof(agg_names[0]) ? agg_names[a] : "?";
}

static void on_steps(lua_State *L, lua_Debug *ar)
{
	(void)ar;
	luaL_error(L, "the view file runs too long (a view file is data: a table, no loops)");
}

/* The reader's context: the file name and where errors go. */
struct rd {
	lua_State *L;
	const char *name;
	struct sc_err *err;
	bool failed;
};

static void rd_fail(struct rd *r, const char *fmt, const char *a, const char *b)
{
	if (r->failed)
		return;
	r->failed = true;
	sc_err_set(r->err, SC_EFORMAT, "%s: ", r->name);
	size_t n = strlen(r->err->msg);
	snprintf(r->err->msg + n, sizeof(r->err->msg) - n, fmt, a, b ? b : "");
}

/*
 * The field key of the table at the top, pushed, raw: once the file has run,
 * nothing of it may run again outside a protected call (an __index that
 * raises an error, or the step hook, would make Lua abort the process).
 */
static int raw_field(lua_State *L, const char *key)
{
	lua_pushstring(L, key);
	return lua_rawget(L, -2);
}

/* Field key of the table at the top: a string copy, NULL when absent. */
static char *get_str(struct rd *r, const char *where, const char *key, bool required)
{
	char *s = NULL;
	int t = raw_field(r->L, key);

	if (t == LUA_TSTRING || t == LUA_TNUMBER)
		s = xstrdup(lua_tostring(r->L, -1));
	else if (t != LUA_TNIL)
		rd_fail(r, "%s: '%s' must be a string", where, key);
	else if (required)
		rd_fail(r, "%s: '%s' is missing", where, key);
	lua_pop(r->L, 1);
	return s;
}

static bool get_bool(struct rd *r, const char *where, const char *key)
{
	int t = raw_field(r->L, key);
	bool v = false;

	if (t == LUA_TBOOLEAN)
		v = lua_toboolean(r->L, -1);
	else if (t != LUA_TNIL)
		rd_fail(r, "%s: '%s' must be true or false", where, key);
	lua_pop(r->L, 1);
	return v;
}

static int get_int(struct rd *r, const char *where, const char *key, int dflt)
{
	int t = raw_field(r->L, key), isnum = 0;
	lua_Integer v = dflt;

	if (t == LUA_TNUMBER) {
		v = lua_tointegerx(r->L, -1, &isnum);
		if (!isnum || v < 0 || v > 4096)
			rd_fail(r, "%s: '%s' must be a whole number from 0 to 4096", where, key);
	} else if (t != LUA_TNIL) {
		rd_fail(r, "%s: '%s' must be a number", where, key);
	}
	lua_pop(r->L, 1);
	return (int)v;
}

/* A list of strings; n set to its length. */
static char **get_strs(struct rd *r, const char *where, const char *key, size_t *n)
{
	char **v = NULL;
	int t = raw_field(r->L, key);

	*n = 0;
	if (t == LUA_TTABLE) {
		size_t len = (size_t)lua_rawlen(r->L, -1);

		v = xcalloc(len + 1, sizeof(*v));
		for (size_t i = 1; i <= len; i++) {
			if (lua_rawgeti(r->L, -1, (lua_Integer)i) != LUA_TSTRING)
				rd_fail(r, "%s: '%s' must be a list of strings", where, key);
			else
				v[(*n)++] = xstrdup(lua_tostring(r->L, -1));
			lua_pop(r->L, 1);
		}
	} else if (t != LUA_TNIL) {
		rd_fail(r, "%s: '%s' must be a list of strings", where, key);
	}
	lua_pop(r->L, 1);
	return v;
}

static void free_strs(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static enum sc_agg get_agg(struct rd *r, const char *where, const char *key)
{
	char *s = get_str(r, where, key, false);
	enum sc_agg a = SC_AGG_NONE;
	size_t i;

	if (!s)
		return a;
	for (i = 0; i < sizeof(agg_names) / sizeof(agg_names[0]); i++)
		if (strcmp(s, agg_names[i]) == 0)
			break;
	if (i == sizeof(agg_names) / sizeof(agg_names[0]))
		rd_fail(r, "%s: unknown aggregation '%s' (SUM, AVG, TIME_AVG, MIN, MAX or NONE)", where, s);
	else
		a = (enum sc_agg)i;
	free(s);
	return a;
}

static bool has_tag(char **tags, size_t n, const char *tag)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(tags[i], tag) == 0)
			return true;
	return false;
}

static void read_columns(struct rd *r, struct sc_view *v)
{
	size_t len;

	if (raw_field(r->L, "columns") != LUA_TTABLE) {
		rd_fail(r, "view_info: 'columns' must be a list of column tables%s", "", NULL);
		lua_pop(r->L, 1);
		return;
	}
	len = (size_t)lua_rawlen(r->L, -1);
	v->cols = xcalloc(len + 1, sizeof(*v->cols));
	for (size_t i = 1; i <= len && !r->failed; i++) {
		struct sc_view_col c = { 0 };
		char where[48], **tags;
		size_t ntags;

		snprintf(where, sizeof(where), "column %zu", i);
		if (lua_rawgeti(r->L, -1, (lua_Integer)i) != LUA_TTABLE) {
			rd_fail(r, "%s: must be a table%s", where, NULL);
			lua_pop(r->L, 1);
			break;
		}
		tags = get_strs(r, where, "tags", &ntags);
		c.name = get_str(r, where, "name", true);
		c.field = get_str(r, where, "field", true);
		c.description = get_str(r, where, "description", false);
		c.colsize = get_int(r, where, "colsize", 10);
		c.aggregation = get_agg(r, where, "aggregation");
		c.groupby_aggregation = get_agg(r, where, "groupby_aggregation");
		c.is_key = get_bool(r, where, "is_key");
		c.is_groupby_key = get_bool(r, where, "is_groupby_key");
		c.is_sorting = get_bool(r, where, "is_sorting");
		c.filterfield = get_str(r, where, "filterfield", false);
		lua_pop(r->L, 1);
		/* container columns only with container views (-pc), which csyscope does not have */
		if (has_tag(tags, ntags, "containers") || r->failed) {
			free(c.name); free(c.field); free(c.description); free(c.filterfield);
		} else {
			v->cols[v->ncols++] = c;
		}
		free_strs(tags, ntags);
	}
	lua_pop(r->L, 1);
}

static void read_actions(struct rd *r, struct sc_view *v)
{
	size_t len;
	int t = raw_field(r->L, "actions");

	if (t == LUA_TNIL) {
		lua_pop(r->L, 1);
		return;
	}
	if (t != LUA_TTABLE) {
		rd_fail(r, "view_info: 'actions' must be a list of tables%s", "", NULL);
		lua_pop(r->L, 1);
		return;
	}
	len = (size_t)lua_rawlen(r->L, -1);
	v->actions = xcalloc(len + 1, sizeof(*v->actions));
	for (size_t i = 1; i <= len && !r->failed; i++) {
		struct sc_view_action *a = &v->actions[v->nactions];

		if (lua_rawgeti(r->L, -1, (lua_Integer)i) != LUA_TTABLE) {
			rd_fail(r, "action %s: must be a table%s", "", NULL);
			lua_pop(r->L, 1);
			break;
		}
		a->hotkey = get_str(r, "action", "hotkey", true);
		a->command = get_str(r, "action", "command", true);
		a->description = get_str(r, "action", "description", false);
		a->ask_confirmation = get_bool(r, "action", "ask_confirmation");
		raw_field(r->L, "wait_finish");
		a->wait_finish = lua_isnil(r->L, -1) ? true : lua_toboolean(r->L, -1);
		lua_pop(r->L, 1);
		v->nactions++;
		lua_pop(r->L, 1);
	}
	lua_pop(r->L, 1);
}

/* The table at the top of the stack is view_info. */
static void read_view(struct rd *r, struct sc_view *v)
{
	char *type;
	size_t nkeys = 0;

	v->id = get_str(r, "view_info", "id", true);
	v->name = get_str(r, "view_info", "name", true);
	v->description = get_str(r, "view_info", "description", false);
	v->tips = get_strs(r, "view_info", "tips", &v->ntips);
	v->tags = get_strs(r, "view_info", "tags", &v->ntags);
	v->filter = get_str(r, "view_info", "filter", false);
	v->applies_to = get_strs(r, "view_info", "applies_to", &v->napplies);
	v->is_root = get_bool(r, "view_info", "is_root");
	v->use_defaults = get_bool(r, "view_info", "use_defaults");
	v->propagate_filter = get_bool(r, "view_info", "propagate_filter");
	v->drilldown_target = get_str(r, "view_info", "drilldown_target", false);
	type = get_str(r, "view_info", "view_type", false);
	if (!type || strcmp(type, "table") == 0)
		v->type = SC_VIEW_TABLE;
	else if (strcmp(type, "list") == 0)
		v->type = SC_VIEW_LIST;
	else
		rd_fail(r, "view_info: view_type '%s' is not one csyscope knows (table, list)", type, NULL);
	free(type);
	read_columns(r, v);
	read_actions(r, v);
	if (r->failed)
		return;
	if (v->filter && !*v->filter) {
		free(v->filter);
		v->filter = NULL;
	}
	for (size_t i = 0; i < v->ncols; i++)
		nkeys += v->cols[i].is_key;
	if (v->type == SC_VIEW_TABLE && nkeys != 1)
		rd_fail(r, "view_info: a table view needs exactly one column with is_key = true (it has %s)",
			nkeys ? "several" : "none", NULL);
	if (v->type == SC_VIEW_LIST && nkeys)
		rd_fail(r, "view_info: a list view has no key column (one line per event)%s", "", NULL);
}

int sc_view_load_string(const char *name, const char *text, struct sc_view *v, struct sc_err *err)
{
	struct rd r = { .name = name, .err = err };
	static const luaL_Reg libs[] = {
		{ LUA_GNAME, luaopen_base }, { LUA_STRLIBNAME, luaopen_string },
		{ LUA_TABLIBNAME, luaopen_table }, { LUA_MATHLIBNAME, luaopen_math },
	};
	int rc;

	memset(v, 0, sizeof(*v));
	r.L = luaL_newstate();
	if (!r.L)
		return sc_err_set(err, -ENOMEM, "%s: cannot create a Lua state", name);
	for (size_t i = 0; i < sizeof(libs) / sizeof(libs[0]); i++) {
		luaL_requiref(r.L, libs[i].name, libs[i].func, 1);
		lua_pop(r.L, 1);
	}
	/* a data file reads no other file */
	lua_pushnil(r.L); lua_setglobal(r.L, "dofile");
	lua_pushnil(r.L); lua_setglobal(r.L, "loadfile");
	lua_pushnil(r.L); lua_setglobal(r.L, "require");
	lua_sethook(r.L, on_steps, LUA_MASKCOUNT, VIEW_MAX_STEPS);
	/* "@name": Lua's messages then say "name:LINE:", not [string "name"]:LINE: */
	lua_pushfstring(r.L, "@%s", name);
	rc = luaL_loadbufferx(r.L, text, strlen(text), lua_tostring(r.L, -1), "t");   /* no bytecode */
	lua_remove(r.L, -2);
	if (rc == LUA_OK)
		rc = lua_pcall(r.L, 0, 1, 0);
	if (rc != LUA_OK) {
		const char *m = lua_tostring(r.L, -1);

		if (m)
			sc_err_set(err, SC_EFORMAT, "%s", m);
		else
			sc_err_set(err, SC_EFORMAT, "%s: an error with a %s value as its message", name,
				   luaL_typename(r.L, -1));
		lua_close(r.L);
		return SC_EFORMAT;
	}
	/* a returned table, else the global view_info */
	if (!lua_istable(r.L, -1)) {
		lua_pop(r.L, 1);
		lua_rawgeti(r.L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
		raw_field(r.L, "view_info");
		lua_remove(r.L, -2);
	}
	if (!lua_istable(r.L, -1))
		rd_fail(&r, "no view_info table (set the global view_info or return the table)%s", "", NULL);
	else
		read_view(&r, v);
	lua_close(r.L);
	if (r.failed) {
		sc_view_release(v);
		return SC_EFORMAT;
	}
	v->path = xstrdup(name);
	return 0;
}

int sc_view_load_file(const char *path, struct sc_view *v, struct sc_err *err)
{
	FILE *f = fopen(path, "rb");
	char *text;
	long n;
	int rc;

	memset(v, 0, sizeof(*v));
	if (!f)
		return sc_err_set(err, -errno, "%s: %s", path, strerror(errno));
	if (fseek(f, 0, SEEK_END) < 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) < 0 || n > (1 << 20)) {
		fclose(f);
		return sc_err_set(err, SC_EFORMAT, "%s: not a readable view file (at most 1 MiB)", path);
	}
	text = xmalloc((size_t)n + 1);
	if (fread(text, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		free(text);
		return sc_err_set(err, -EIO, "%s: read error", path);
	}
	fclose(f);
	text[n] = '\0';
	rc = sc_view_load_string(path, text, v, err);
	free(text);
	return rc;
}

void sc_view_release(struct sc_view *v)
{
	free(v->id); free(v->name); free(v->description); free(v->filter);
	free(v->drilldown_target); free(v->path);
	free_strs(v->tips, v->ntips);
	free_strs(v->tags, v->ntags);
	free_strs(v->applies_to, v->napplies);
	for (size_t i = 0; i < v->ncols; i++) {
		free(v->cols[i].name); free(v->cols[i].field);
		free(v->cols[i].description); free(v->cols[i].filterfield);
	}
	free(v->cols);
	for (size_t i = 0; i < v->nactions; i++) {
		free(v->actions[i].hotkey); free(v->actions[i].command); free(v->actions[i].description);
	}
	free(v->actions);
	memset(v, 0, sizeof(*v));
}

static int by_name(const void *a, const void *b)
{
	const struct sc_view *x = a, *y = b;
	int c = strcasecmp(x->name, y->name);

	return c ? c : strcmp(x->id, y->id);
}

static int by_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int sc_viewset_load_dir(struct sc_viewset *set, const char *dir, struct sc_err *err)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;

	memset(set, 0, sizeof(*set));
	if (!d)
		return sc_err_set(err, -errno, "views folder %s: %s", dir, strerror(errno));
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);

		if (len < 5 || strcmp(de->d_name + len - 4, ".lua") != 0 || de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			names = xrealloc(names, cap * sizeof(*names));
		}
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), by_str);   /* the same order on every machine */
	set->views = xcalloc(n + 1, sizeof(*set->views));
	for (size_t i = 0; i < n && !rc; i++) {
		char *path = xmalloc(strlen(dir) + strlen(names[i]) + 2);

		sprintf(path, "%s/%s", dir, names[i]);
		rc = sc_view_load_file(path, &set->views[set->n], err);
		free(path);
		if (!rc && sc_viewset_find(set, set->views[set->n].id)) {
			rc = sc_err_set(err, SC_EFORMAT, "%s/%s: view id '%s' is already used by another file",
					dir, names[i], set->views[set->n].id);
			sc_view_release(&set->views[set->n]);
		} else if (!rc) {
			set->n++;
		}
	}
	free_strs(names, n);
	if (rc) {
		sc_viewset_free(set);
		return rc;
	}
	if (!set->n) {
		sc_viewset_free(set);
		return sc_err_set(err, -ENOENT, "views folder %s holds no view file (*.lua)", dir);
	}
	qsort(set->views, set->n, sizeof(*set->views), by_name);
	return 0;
}

void sc_viewset_free(struct sc_viewset *set)
{
	for (size_t i = 0; i < set->n; i++)
		sc_view_release(&set->views[i]);
	free(set->views);
	memset(set, 0, sizeof(*set));
}

const struct sc_view *sc_viewset_find(const struct sc_viewset *set, const char *id)
{
	for (size_t i = 0; i < set->n; i++)
		if (set->views[i].id && strcmp(set->views[i].id, id) == 0)
			return &set->views[i];
	return NULL;
}

bool sc_view_applies_to(const struct sc_view *v, const char *field)
{
	for (size_t i = 0; i < v->napplies; i++)
		if (strcmp(v->applies_to[i], field) == 0)
			return true;
	return false;
}

size_t sc_view_shown_cols(const struct sc_view *v, size_t *idx, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < v->ncols; i++)
		if (!v->cols[i].is_key && !v->cols[i].is_groupby_key) {
			if (n < max)
				idx[n] = i;
			n++;
		}
	return n;
}

int sc_view_sort_col(const struct sc_view *v)
{
	int n = 0;

	for (size_t i = 0; i < v->ncols; i++) {
		if (v->cols[i].is_key || v->cols[i].is_groupby_key)
			continue;
		if (v->cols[i].is_sorting)
			return n;
		n++;
	}
	return 0;
}

const struct sc_view_col *sc_view_drill_col(const struct sc_view *v)
{
	const struct sc_view_col *key = NULL;

	for (size_t i = 0; i < v->ncols; i++) {
		if (v->cols[i].is_groupby_key)
			return &v->cols[i];
		if (v->cols[i].is_key && !key)
			key = &v->cols[i];
	}
	return key;
}
