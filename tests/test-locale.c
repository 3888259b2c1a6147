/* test-locale.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "strata/strata-format.h"

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
