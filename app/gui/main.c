/* main.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "strata/strata-format.h"

#include "strata-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(StrataApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  /* Figures in the user's style ("2,5 B" in German); the CSV and JSON
   * of Copy Data and strata-cli stay locale-independent. */
  strata_format_use_locale (TRUE);

  app = strata_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
