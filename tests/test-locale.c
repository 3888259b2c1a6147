/* test-locale.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

#include "strata/strata-chart.h"
#include "strata/strata-export.h"
#include "strata/strata-format.h"
#include "strata/strata-model.h"

/*
 * Issue 14: figures for people follow the locale in the app ("2,5 B",
 * "1.234,50 €"-style digits in German) once strata_format_use_locale() is
 * on, while strata-cli's text, CSV and JSON read the same in every locale.
 *
 * The machine may have no German locale: one is compiled with localedef
 * into a temporary LOCPATH when the glibc sources for it are there; the
 * tests are skipped (saying why) when neither is possible.
 */

static char *locale_dir;   /* (nullable) LOCPATH holding de_DE.UTF-8 */
static const char *german; /* (nullable) the name that setlocale takes */

static void
find_german_locale (void)
{
  static const char *const names[] = { "de_DE.UTF-8", "de_DE.utf8" };
  g_autofree char *saved = g_strdup (setlocale (LC_ALL, NULL));
  g_autoptr(GError) error = NULL;
  g_autofree char *localedef = NULL;
  g_autofree char *target = NULL;
  int status;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (setlocale (LC_ALL, names[i]) != NULL)
      {
        german = names[i];
        setlocale (LC_ALL, saved);
        return;
      }

  localedef = g_find_program_in_path ("localedef");
  if (localedef == NULL)
    return;
  locale_dir = g_dir_make_tmp ("strata-locale-XXXXXX", &error);
  g_assert_no_error (error);
  target = g_build_filename (locale_dir, "de_DE.UTF-8", NULL);
  {
    const char *argv[] = { localedef, "-i", "de_DE", "-f", "UTF-8", target, NULL };

    if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                       NULL, NULL, NULL, NULL, &status, NULL) ||
        !g_spawn_check_wait_status (status, NULL))
      return;
  }
  g_setenv ("LOCPATH", locale_dir, TRUE);
  if (setlocale (LC_ALL, "de_DE.UTF-8") != NULL)
    german = "de_DE.UTF-8";
  setlocale (LC_ALL, saved);
}

static gboolean
need_german (void)
{
  if (german != NULL)
    return TRUE;
  g_test_skip ("no de_DE locale, and localedef could not make one");
  return FALSE;
}

static void
assert_formatted (char       *text,
                  const char *expected)
{
  g_assert_cmpstr (text, ==, expected);
  g_free (text);
}

/* The app's figures under a German locale: decimal comma, "." between
 * thousands; units, currency and SI suffixes untouched. */
static void
test_app_figures (void)
{
  if (!need_german ())
    return;

  g_assert_nonnull (setlocale (LC_ALL, german));
  strata_format_use_locale (TRUE);
  g_assert_cmpstr (strata_format_get_decimal_point (), ==, ",");
  assert_formatted (strata_format_volume (2.5e9), "2,5 B");
  assert_formatted (strata_format_volume (1e6), "1 M");
  assert_formatted (strata_format_money (1234.5, "USD"), "$1.234,50");
  assert_formatted (strata_format_money (0.0343, "USD"), "$0,0343");
  assert_formatted (strata_format_money_si (2.5e9, "USD"), "$2,5 B");
  assert_formatted (strata_format_figure (1230), "1.230");
  assert_formatted (strata_format_percent (-0.445), "-44,5 %");
  assert_formatted (strata_format_percent (0.952), "95,2 %");

  /* What the app's volume entry shows reads back. */
  assert_formatted (strata_format_delocalize ("2,5 B"), "2.5 B");
  assert_formatted (strata_format_delocalize ("2.500.000.000"), "2500000000");
  assert_formatted (strata_format_delocalize ("750k"), "750k");

  /* The JSON form never changes. */
  {
    char buf[STRATA_NUMBER_BUF_SIZE];

    g_assert_cmpstr (strata_format_json_number (2.5, buf), ==, "2.5");
  }

  /* Off again: the C style, whatever the locale. */
  strata_format_use_locale (FALSE);
  assert_formatted (strata_format_volume (2.5e9), "2.5 B");
  assert_formatted (strata_format_money (1234.5, "USD"), "$1,234.50");
  assert_formatted (strata_format_percent (-0.445), "-44.5 %");
  assert_formatted (strata_format_delocalize ("2,500,000"), "2,500,000");
  setlocale (LC_ALL, "C");
}

/* The C locale (and any locale whose decimal point is '.') keeps the
 * style every other test expects. */
static void
test_c_locale (void)
{
  setlocale (LC_ALL, "C");
  strata_format_use_locale (TRUE);
  g_assert_cmpstr (strata_format_get_decimal_point (), ==, ".");
  assert_formatted (strata_format_money (1234.5, "USD"), "$1,234.50");
  assert_formatted (strata_format_volume (2.5e9), "2.5 B");
  strata_format_use_locale (FALSE);
}

static char *
run_cli (const char *const *args,
         const char        *lc_all)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status;

  g_ptr_array_add (argv, (gpointer) g_getenv ("STRATA_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  /* Every category of @lc_all but the messages: the tables' words are
   * translated where a catalog is installed (po/de.po), their figures
   * never follow the locale. */
  envp = g_environ_unsetenv (envp, "LC_ALL");
  envp = g_environ_setenv (envp, "LANG", lc_all, TRUE);
  envp = g_environ_setenv (envp, "LC_NUMERIC", lc_all, TRUE);
  envp = g_environ_setenv (envp, "LC_CTYPE", lc_all, TRUE);
  envp = g_environ_setenv (envp, "LC_MONETARY", lc_all, TRUE);
  envp = g_environ_setenv (envp, "LC_MESSAGES", "C", TRUE);
  envp = g_environ_unsetenv (envp, "LANGUAGE");
  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
  return out;
}

/* strata-cli under a German locale writes exactly what it writes under
 * C: its CSV and JSON are for programs, its text's figures for logs and
 * diffs (its words follow LC_MESSAGES, kept at C here). */
static void
test_cli_unchanged (void)
{
  g_autofree char *dataset = g_build_filename (g_getenv ("STRATA_SOURCE_ROOT"), "data", "datasets",
                                               "ai-cloud-stack.strata.json", NULL);
  const char *const commands[][6] = {
    { "evaluate", dataset, "--format", "csv", NULL },
    { "evaluate", dataset, "--format", "json", NULL },
    { "evaluate", dataset, NULL },
    { "ladder", dataset, "--format", "csv", NULL },
    { "ladder", dataset, "--format", "json", NULL },
    { "breakeven", dataset, "--strategy", "all-neutral", "--versus", "all-integrated" },
  };

  if (!need_german ())
    return;

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      const char *args[7] = { NULL, };
      g_autofree char *c = NULL;
      g_autofree char *de = NULL;

      memcpy (args, commands[i], sizeof commands[i]);
      c = run_cli (args, "C");
      de = run_cli (args, german);
      g_assert_cmpuint (strlen (c), >, 20);
      g_assert_cmpstr (de, ==, c);
      g_test_message ("%s %s: %zu bytes, the same under %s", args[0], args[2] != NULL ? args[2] : "",
                      strlen (c), german);
    }
}

/* The text boxes of @kind joined by newlines. */
static char *
chart_text (StrataChartKind           kind,
            const StrataChartRequest *request)
{
  g_autoptr(GArray) boxes = strata_chart_layout_text_boxes (kind, request, 1920, 1080);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < boxes->len; i++)
    g_string_append_printf (out, "%s\n", g_array_index (boxes, StrataChartTextBox, i).text);
  return g_string_free (out, FALSE);
}

/* The charts in German with the catalog the build compiles from po/de.po
 * (as the app shows them with LANG=de_DE.UTF-8): their words and figures
 * are German, while each chart's data CSV (Copy Data, Export Data, the
 * deck's CSVs, strata-cli export --data) is byte for byte what it is under
 * C, for programs. */
static void
test_charts_translated (void)
{
  g_autofree char *catalogs = g_build_filename (g_getenv ("STRATA_BUILD_ROOT"), "po", NULL);
  g_autofree char *mo = g_build_filename (catalogs, "de", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  g_autofree char *path = g_build_filename (g_getenv ("STRATA_SOURCE_ROOT"), "data", "datasets",
                                            "ai-cloud-stack.strata.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataDataset) dataset = NULL;
  g_autoptr(StrataRoadmapMc) band = NULL;
  g_autofree const StrataStrategy **strategies = NULL;
  const StrataChartKind kinds[] = { STRATA_CHART_COST_CURVES, STRATA_CHART_VALUE_CHAIN, STRATA_CHART_COMPARE,
                                    STRATA_CHART_LADDER, STRATA_CHART_TORNADO, STRATA_CHART_ROADMAP };
  char *csv_c[G_N_ELEMENTS (kinds)];
  char *text_c[G_N_ELEMENTS (kinds)];
  StrataChartRequest request = { 0, };
  guint n = 0;

  if (!need_german ())
    return;
  if (!g_file_test (mo, G_FILE_TEST_IS_REGULAR))
    {
      g_test_skip ("the German catalog is not built");
      return;
    }
  /* What main () of the app and of strata-cli do, with the build's
   * catalogs (ngettext () looks in the default domain). */
  g_unsetenv ("LANGUAGE");
  bindtextdomain (GETTEXT_PACKAGE, catalogs);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  dataset = strata_dataset_load_file (path, &error);
  g_assert_no_error (error);
  strategies = strata_chart_default_strategies (dataset, &n);
  request.dataset = dataset;
  request.strategies = strategies;
  request.n_strategies = n;
  request.volume = dataset->volume_default;
  request.theme = STRATA_THEME_SLIDE;
  band = strata_deck_roadmap_mc (&request, NULL, NULL);
  g_assert_nonnull (band);
  request.roadmap_monte_carlo = band;

  setlocale (LC_ALL, "C");
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      csv_c[k] = strata_chart_data_csv (kinds[k], &request);
      text_c[k] = chart_text (kinds[k], &request);
    }

  g_assert_nonnull (setlocale (LC_ALL, german));
  strata_format_use_locale (TRUE);
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autofree char *csv = strata_chart_data_csv (kinds[k], &request);
      g_autofree char *text = chart_text (kinds[k], &request);

      g_assert_cmpstr (csv, ==, csv_c[k]);
      g_assert_cmpstr (text, !=, text_c[k]);
      switch (kinds[k])
        {
        case STRATA_CHART_COST_CURVES:
          g_assert_nonnull (strstr (text, "aktuelles Volumen 10 B"));
          break;
        case STRATA_CHART_VALUE_CHAIN:
          g_assert_nonnull (strstr (text, "Wertschöpfungskette von"));
          g_assert_nonnull (strstr (text, "Marktschnittstelle $0,03"));
          break;
        case STRATA_CHART_COMPARE:
          g_assert_nonnull (strstr (text, "Millisekunden pro Anfrage"));
          break;
        case STRATA_CHART_ROADMAP:
          g_assert_nonnull (strstr (text, "Schattiert: P10\xE2\x80\x93P90 der optimalen Roadmap über 2.000 Ziehungen"));
          g_assert_nonnull (strstr (text, "P(Ersparnis > 0): Roadmap"));
          g_assert_nonnull (strstr (text, "Blau: gekauft"));
          break;
        case STRATA_CHART_LADDER:
        case STRATA_CHART_TORNADO:
        case STRATA_CHART_CHANCES:
        case STRATA_CHART_SWITCHPOINTS:
        default:
          break;
        }
      g_test_message ("%s: %zu bytes of CSV the same, the words German",
                      strata_chart_kind_to_string (kinds[k]), strlen (csv));
      g_free (csv_c[k]);
      g_free (text_c[k]);
    }
  strata_format_use_locale (FALSE);
  setlocale (LC_ALL, "C");
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  find_german_locale ();

  g_test_add_func ("/strata/locale/app-figures", test_app_figures);
  g_test_add_func ("/strata/locale/c-locale", test_c_locale);
  g_test_add_func ("/strata/locale/cli-unchanged", test_cli_unchanged);
  g_test_add_func ("/strata/locale/charts-translated", test_charts_translated);

  ret = g_test_run ();

  if (locale_dir != NULL)
    {
      g_autofree char *target = g_build_filename (locale_dir, "de_DE.UTF-8", NULL);
      g_autoptr(GDir) dir = g_dir_open (target, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (target, name, NULL);
          g_autoptr(GDir) sub = g_dir_open (path, 0, NULL);
          const char *inner;

          while (sub != NULL && (inner = g_dir_read_name (sub)) != NULL)
            {
              g_autofree char *file = g_build_filename (path, inner, NULL);

              g_unlink (file);
            }
          g_remove (path);
        }
      g_rmdir (target);
      g_rmdir (locale_dir);
    }
  return ret;
}
