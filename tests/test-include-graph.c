/* test-include-graph.c: the include graph points one way (issue 10).
 *
 * The GUI and the CLI sit over the charts, the charts over the core, never
 * back: nothing under app/core/ names a chart, CLI or GUI header, nothing
 * under app/charts/ names a CLI or GUI header, neither includes GTK,
 * GDK or libadwaita, the core does not include cairo or pango, and the CLI
 * includes no GUI header. The README's layout section states the rule; this
 * test holds the tree to it by reading every #include line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib.h>

/* The public headers that belong to the charts library, not the core. */
static const char * const chart_headers[] = {
  "strata-chart.h", "strata-export.h", "strata-types.h", "strata-enum-types.h",
};

typedef enum {
  LAYER_CORE,
  LAYER_CHARTS,
  LAYER_CLI,
} Layer;

static char *
source_path (const char *relative)
{
  const char *root = g_getenv ("STRATA_SOURCE_ROOT");

  g_assert_nonnull (root);
  return g_build_filename (root, relative, NULL);
}

static gboolean
is_chart_header (const char *name)
{
  const char *base = strrchr (name, '/');

  base = base != NULL ? base + 1 : name;
  for (gsize i = 0; i < G_N_ELEMENTS (chart_headers); i++)
    if (g_str_equal (base, chart_headers[i]) || g_str_has_prefix (base, "strata-chart-"))
      return TRUE;
  return FALSE;
}

static gboolean
is_gui_header (const char *name)
{
  return g_str_has_prefix (name, "gtk/") || g_str_has_prefix (name, "gdk/")
         || g_str_has_prefix (name, "adwaita") || g_str_has_prefix (name, "adw")
         || g_str_has_prefix (name, "gsk/") || strstr (name, "strata-window") != NULL
         || strstr (name, "strata-application") != NULL
         || strstr (name, "strata-inspector") != NULL
         || strstr (name, "strata-session") != NULL;
}

/* Why NAME may not be included from LAYER, or NULL when it may. */
static const char *
forbidden_reason (Layer layer, const char *name)
{
  if (is_gui_header (name))
    return "a GTK or app header";
  if (layer == LAYER_CLI)
    return NULL;
  if (strstr (name, "strata-cli") != NULL)
    return "a CLI header";
  if (layer == LAYER_CHARTS)
    return NULL;
  if (is_chart_header (name))
    return "a chart header";
  if (g_str_has_prefix (name, "cairo") || g_str_has_prefix (name, "pango"))
    return "cairo or pango (the core is GLib and json-glib only)";
  return NULL;
}

/* The name between the quotes or angle brackets of an #include line. */
static char *
included_name (const char *line)
{
  const char *p = line;
  const char *end;
  char close;

  while (*p == ' ' || *p == '\t')
    p++;
  if (*p != '#')
    return NULL;
  p++;
  while (*p == ' ' || *p == '\t')
    p++;
  if (!g_str_has_prefix (p, "include"))
    return NULL;
  p += strlen ("include");
  while (*p == ' ' || *p == '\t')
    p++;
  if (*p == '"')
    close = '"';
  else if (*p == '<')
    close = '>';
  else
    return NULL;
  p++;
  end = strchr (p, close);
  if (end == NULL)
    return NULL;
  return g_strndup (p, end - p);
}

/* Checks one file; appends each offending line to PROBLEMS. */
static void
check_file (const char *path, Layer layer, GString *problems)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *name = included_name (lines[i]);
      const char *reason;

      if (name == NULL)
        continue;
      reason = forbidden_reason (layer, name);
      if (reason != NULL)
        g_string_append_printf (problems, "%s:%u includes %s (%s)\n", path, i + 1, name, reason);
    }
}

/* Checks every .c and .h file directly in RELATIVE_DIR; returns how many. */
static guint
check_dir (const char *relative_dir, Layer layer, GString *problems)
{
  g_autofree char *dir_path = source_path (relative_dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, &error);
  const char *entry;
  guint n = 0;

  g_assert_no_error (error);
  while ((entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;

      if (!g_str_has_suffix (entry, ".c") && !g_str_has_suffix (entry, ".h"))
        continue;
      path = g_build_filename (dir_path, entry, NULL);
      check_file (path, layer, problems);
      n++;
    }
  return n;
}

static void
test_core (void)
{
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autofree char *include_dir = source_path ("include/strata");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *entry;
  guint n = check_dir ("app/core", LAYER_CORE, problems);
  guint n_public = 0;

  /* The core's public headers are the ones the charts do not own. */
  dir = g_dir_open (include_dir, 0, &error);
  g_assert_no_error (error);
  while ((entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;

      if (!g_str_has_suffix (entry, ".h") || is_chart_header (entry))
        continue;
      path = g_build_filename (include_dir, entry, NULL);
      check_file (path, LAYER_CORE, problems);
      n_public++;
    }

  g_assert_cmpuint (n, >, 20);
  g_assert_cmpuint (n_public, >, 5);
  if (problems->len > 0)
    g_test_message ("%s", problems->str);
  g_assert_cmpstr (problems->str, ==, "");
}

static void
test_charts (void)
{
  g_autoptr(GString) problems = g_string_new (NULL);
  guint n = check_dir ("app/charts", LAYER_CHARTS, problems);

  for (gsize i = 0; i < G_N_ELEMENTS (chart_headers) - 1; i++)
    {
      g_autofree char *relative = g_build_filename ("include/strata", chart_headers[i], NULL);
      g_autofree char *path = source_path (relative);

      check_file (path, LAYER_CHARTS, problems);
    }

  g_assert_cmpuint (n, >, 10);
  g_assert_cmpstr (problems->str, ==, "");
}

static void
test_cli (void)
{
  g_autoptr(GString) problems = g_string_new (NULL);
  guint n = check_dir ("app/cli", LAYER_CLI, problems);

  g_assert_cmpuint (n, >, 5);
  g_assert_cmpstr (problems->str, ==, "");
}

/* The checker itself: each rule catches the include it is meant to. */
static void
test_rules (void)
{
  g_autofree char *name = included_name ("#  include <gtk/gtk.h>");
  g_autofree char *commented = included_name ("/* #include <gtk/gtk.h> */");

  g_assert_nonnull (forbidden_reason (LAYER_CORE, "gtk/gtk.h"));
  g_assert_nonnull (forbidden_reason (LAYER_CORE, "strata/strata-chart.h"));
  g_assert_nonnull (forbidden_reason (LAYER_CORE, "cairo.h"));
  g_assert_nonnull (forbidden_reason (LAYER_CORE, "strata-chart-private.h"));
  g_assert_null (forbidden_reason (LAYER_CORE, "strata/strata-model.h"));
  g_assert_null (forbidden_reason (LAYER_CORE, "json-glib/json-glib.h"));
  g_assert_nonnull (forbidden_reason (LAYER_CHARTS, "adwaita.h"));
  g_assert_nonnull (forbidden_reason (LAYER_CHARTS, "strata-window-private.h"));
  g_assert_nonnull (forbidden_reason (LAYER_CHARTS, "strata-cli-private.h"));
  g_assert_null (forbidden_reason (LAYER_CHARTS, "pango/pangocairo.h"));
  g_assert_null (forbidden_reason (LAYER_CHARTS, "strata/strata-chart.h"));
  g_assert_nonnull (forbidden_reason (LAYER_CLI, "strata-inspector-private.h"));
  g_assert_null (forbidden_reason (LAYER_CLI, "strata/strata-export.h"));
  g_assert_cmpstr (name, ==, "gtk/gtk.h");
  g_assert_null (commented);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/include-graph/rules", test_rules);
  g_test_add_func ("/include-graph/core", test_core);
  g_test_add_func ("/include-graph/charts", test_charts);
  g_test_add_func ("/include-graph/cli", test_cli);
  return g_test_run ();
}
