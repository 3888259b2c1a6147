/* strata-about.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The one place that may use AdwAboutDialog (libadwaita 1.5): the build
 * pins ADW_VERSION_MAX_ALLOWED to 1.2 everywhere else. */
#undef ADW_VERSION_MAX_ALLOWED
#define ADW_VERSION_MAX_ALLOWED ADW_ENCODE_VERSION (1, 5, 0)

#include "config.h"

#include <glib/gi18n.h>

#include "strata-about.h"

void
strata_about_present (GtkWindow *window)
{
  static const char *developers[] = { "The Strata developers", NULL };
  /* AdwAboutDialog and AdwAboutWindow have the same properties. */
#if ADW_CHECK_VERSION (1, 5, 0)
  GtkWidget *about = GTK_WIDGET (adw_about_dialog_new ());
#else
  GtkWidget *about = adw_about_window_new ();
#endif

  g_object_set (about,
                "application-name", "Strata",
                "application-icon", APP_ID,
                "version", PACKAGE_VERSION,
                "comments", _("Own a layer of the stack, or stay neutral and buy it? "
                              "Cost curves, value chains and the scale at which the answer flips."),
                "developer-name", _("The Strata developers"),
                "developers", developers,
                "copyright", "© 2026 The Strata authors",
                "license-type", GTK_LICENSE_GPL_3_0,
                "website", "https://github.com/stratadash/strata",
                "issue-url", "https://github.com/stratadash/strata/issues",
                NULL);
#if ADW_CHECK_VERSION (1, 5, 0)
  adw_dialog_present (ADW_DIALOG (about), window != NULL ? GTK_WIDGET (window) : NULL);
#else
  gtk_window_set_transient_for (GTK_WINDOW (about), window);
  gtk_window_present (GTK_WINDOW (about));
#endif
}
