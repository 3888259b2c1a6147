/* test-readme-layout.c: every source file under app/ is named in its
 * folder's README.md, and the top README's layout table names every
 * folder of app/ (issue 10: "the README's layout table describes the new
 * files").
 *
 * A file counts as named when its README holds its name whole
 * (`strata-cli-edit.c`), or the tail of it after a name on the same line
 * (`strata-cli-validate.c`, `-evaluate.c`), or, for a header, when the file
 * it belongs to is named (`strata-model-private.h` with `strata-model.c`).
 *
 * It also holds the tree to issue 10's sizes: no source file under app/
 * over 1,000 lines and no function over 120 (a function's body runs from a
 * "{" in the first column to the next "}" in the first column, as the
 * project's style writes them).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib.h>

static const char * const folders[] = { "app/core", "app/charts", "app/cli", "app/gui" };

static char *
source_path (const char *relative)
{
  const char *root = g_getenv ("STRATA_SOURCE_ROOT");

  g_assert_nonnull (root);
  return g_build_filename (root, relative, NULL);
}

static char *
read_text (const char *relative)
{
  g_autofree char *path = source_path (relative);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static gboolean
is_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_';
}

/* Whether @line holds @name as a whole word (not inside a longer name). */
static gboolean
line_has_name (const char *line,
               const char *name)
{
  gsize len = strlen (name);

  for (const char *p = strstr (line, name); p != NULL; p = strstr (p + 1, name))
    if ((p == line || !is_name_char (p[-1])) && !is_name_char (p[len])
        && !(p[len] == '.' && is_name_char (p[len + 1])))
      return TRUE;
  return FALSE;
}

/* Whether @line names @name by a tail, `-evaluate.c` after
 * `strata-cli-validate.c`: some whole name on the line, cut after one of
 * its dashes, joined to the tail gives @name. */
static gboolean
line_has_tail (const char *line,
               const char *name)
{
  for (const char *tick = strstr (line, "`-"); tick != NULL; tick = strstr (tick + 1, "`-"))
    {
      const char *end = strchr (tick + 1, '`');
      g_autofree char *tail = NULL;

      if (end == NULL)
        break;
      tail = g_strndup (tick + 1, end - tick - 1);
      if (!g_str_has_suffix (name, tail))
        continue;
      /* The head @name needs: is it a full name's head on this line? */
      {
        g_autofree char *head = g_strndup (name, strlen (name) - strlen (tail) + 1);

        for (const char *p = strstr (line, head); p != NULL; p = strstr (p + 1, head))
          if ((p == line || !is_name_char (p[-1])))
            return TRUE;
      }
    }
  return FALSE;
}

static gboolean
readme_names (char       **lines,
              const char  *name)
{
  for (guint i = 0; lines[i] != NULL; i++)
    if (line_has_name (lines[i], name) || line_has_tail (lines[i], name))
      return TRUE;
  return FALSE;
}

/* The source file a header belongs to: strata-model-private.h,
 * strata-chart-view-internal.h and strata-session.h belong to
 * strata-model.c, strata-chart-view.c and strata-session.c; NULL for
 * anything but a header. */
static char *
owner_of_header (const char *name)
{
  static const char * const suffixes[] = { "-private.h", "-internal.h", ".h" };

  for (gsize i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (g_str_has_suffix (name, suffixes[i]))
      {
        g_autofree char *stem = g_strndup (name, strlen (name) - strlen (suffixes[i]));

        return g_strconcat (stem, ".c", NULL);
      }
  return NULL;
}

static void
test_folder (gconstpointer data)
{
  const char *folder = data;
  g_autofree char *readme_rel = g_build_filename (folder, "README.md", NULL);
  g_autofree char *readme = read_text (readme_rel);
  g_auto(GStrv) lines = g_strsplit (readme, "\n", -1);
  g_autofree char *dir_path = source_path (folder);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, &error);
  g_autoptr(GString) missing = g_string_new (NULL);
  guint checked = 0;
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *owner = NULL;

      if (!g_str_has_suffix (name, ".c") && !g_str_has_suffix (name, ".h"))
        continue;
      checked++;
      if (readme_names (lines, name))
        continue;
      owner = owner_of_header (name);
      if (owner != NULL && readme_names (lines, owner))
        continue;
      g_string_append_printf (missing, " %s", name);
    }
  g_test_message ("%s: %u source files; %s/README.md does not name:%s", folder, checked,
                  folder, missing->len > 0 ? missing->str : " (none missing)");
  g_assert_cmpuint (checked, >, 0);
  g_assert_cmpstr (missing->str, ==, "");
}

static void
test_layout_table (void)
{
  g_autofree char *readme = read_text ("README.md");
  g_autofree char *app_path = source_path ("app");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (app_path, 0, &error);
  const char *name;
  guint checked = 0;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (app_path, name, NULL);
      g_autofree char *cell = g_strdup_printf ("`app/%s/`", name);

      if (!g_file_test (path, G_FILE_TEST_IS_DIR))
        continue;
      checked++;
      if (strstr (readme, cell) == NULL)
        g_test_message ("README.md's layout table has no row %s", cell);
      g_assert_nonnull (strstr (readme, cell));
    }
  g_assert_cmpuint (checked, ==, G_N_ELEMENTS (folders));
}

/* The rule itself: a tail names a file only after a head on its line. */
static void
test_rule (void)
{
  char *lines[] = { "| `strata-cli-validate.c`, `-evaluate.c` | subcommands |",
                    "| `strata-chart.c` | entry points |", NULL };

  g_assert_true (readme_names (lines, "strata-cli-validate.c"));
  g_assert_true (readme_names (lines, "strata-cli-evaluate.c"));
  g_assert_true (readme_names (lines, "strata-chart.c"));
  g_assert_false (readme_names (lines, "strata-chart-evaluate.c"));
  g_assert_false (readme_names (lines, "strata-cli.c"));
  g_assert_false (readme_names (lines, "validate.c"));
  g_assert_false (readme_names (lines, "strata-chart-text.c"));
}
#define MAX_FILE_LINES     1000
#define MAX_FUNCTION_LINES 120

/* The longest function body of @lines in lines (its braces included);
 * *start receives the 1-based line of its opening brace. */
static guint
longest_function (char  **lines,
                  guint  *start)
{
  guint longest = 0;

  *start = 0;
  for (guint i = 0; lines[i] != NULL; i++)
    {
      guint k;

      if (lines[i][0] != '{')
        continue;
      for (k = i + 1; lines[k] != NULL && lines[k][0] != '}'; k++)
        ;
      if (k - i + 1 > longest)
        {
          longest = k - i + 1;
          *start = i + 1;
        }
      if (lines[k] == NULL)
        break;
      i = k;
    }
  return longest;
}

static void
test_sizes (gconstpointer data)
{
  const char *folder = data;
  g_autofree char *dir_path = source_path (folder);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, &error);
  g_autoptr(GString) over = g_string_new (NULL);
  guint checked = 0;
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *relative = NULL;
      g_autofree char *text = NULL;
      g_auto(GStrv) lines = NULL;
      guint n_lines, longest, start;

      if (!g_str_has_suffix (name, ".c"))
        continue;
      relative = g_build_filename (folder, name, NULL);
      text = read_text (relative);
      lines = g_strsplit (text, "\n", -1);
      n_lines = g_strv_length (lines) - (g_str_has_suffix (text, "\n") ? 1 : 0);
      longest = longest_function (lines, &start);
      checked++;
      if (n_lines > MAX_FILE_LINES)
        g_string_append_printf (over, " %s has %u lines;", name, n_lines);
      if (longest > MAX_FUNCTION_LINES)
        g_string_append_printf (over, " %s:%u a function of %u lines;", name, start, longest);
    }
  g_test_message ("%s: %u source files;%s", folder, checked, over->len > 0 ? over->str : " none too long");
  g_assert_cmpuint (checked, >, 0);
  g_assert_cmpstr (over->str, ==, "");
}

/* The measure itself, on a made-up file. */
static void
test_sizes_rule (void)
{
  g_auto(GStrv) lines = g_strsplit ("int\nf (void)\n{\n  return 0;\n}\n\nstatic void\ng (void)\n{\n"
                                    "  if (x)\n    {\n      y ();\n    }\n}\n", "\n", -1);
  guint start;

  g_assert_cmpuint (longest_function (lines, &start), ==, 6);
  g_assert_cmpuint (start, ==, 9);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/readme-layout/rule", test_rule);
  g_test_add_func ("/readme-layout/table", test_layout_table);
  g_test_add_func ("/readme-layout/sizes-rule", test_sizes_rule);
  for (gsize i = 0; i < G_N_ELEMENTS (folders); i++)
    {
      g_autofree char *test_path = g_strdup_printf ("/readme-layout/%s", folders[i]);

      g_autofree char *sizes_path = g_strdup_printf ("/readme-layout/sizes/%s", folders[i]);

      g_test_add_data_func (test_path, folders[i], test_folder);
      g_test_add_data_func (sizes_path, folders[i], test_sizes);
    }
  return g_test_run ();
}
