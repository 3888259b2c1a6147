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

#if ADW_CHECK_VERSION (1, 5, 0)
  AdwDialog *about = adw_about_dialog_new ();

  adw_about_dialog_set_application_name (ADW_ABOUT_DIALOG (about), "Strata");
  adw_about_dialog_set_application_icon (ADW_ABOUT_DIALOG (about), APP_ID);
  adw_about_dialog_set_version (ADW_ABOUT_DIALOG (about), PACKAGE_VERSION);
  adw_about_dialog_set_comments (ADW_ABOUT_DIALOG (about),
                                 _("Own a layer of the stack, or stay neutral and buy it? "
                                   "Cost curves, value chains and the scale at which the answer flips."));
  adw_about_dialog_set_developer_name (ADW_ABOUT_DIALOG (about), _("The Strata developers"));
  adw_about_dialog_set_developers (ADW_ABOUT_DIALOG (about), developers);
  adw_about_dialog_set_copyright (ADW_ABOUT_DIALOG (about), "© 2026 The Strata authors");
  adw_about_dialog_set_license_type (ADW_ABOUT_DIALOG (about), GTK_LICENSE_GPL_3_0);
  adw_about_dialog_set_website (ADW_ABOUT_DIALOG (about), "https://github.com/stratadash/strata");
  adw_about_dialog_set_issue_url (ADW_ABOUT_DIALOG (about), "https://github.com/stratadash/strata/issues");
  adw_dialog_present (about, window != NULL ? GTK_WIDGET (window) : NULL);
#else
  GtkWidget *about = adw_about_window_new ();

  gtk_window_set_transient_for (GTK_WINDOW (about), window);
  adw_about_window_set_application_name (ADW_ABOUT_WINDOW (about), "Strata");
  adw_about_window_set_application_icon (ADW_ABOUT_WINDOW (about), APP_ID);
  adw_about_window_set_version (ADW_ABOUT_WINDOW (about), PACKAGE_VERSION);
  adw_about_window_set_comments (ADW_ABOUT_WINDOW (about),
                                 _("Own a layer of the stack, or stay neutral and buy it? "
                                   "Cost curves, value chains and the scale at which the answer flips."));
  adw_about_window_set_developer_name (ADW_ABOUT_WINDOW (about), _("The Strata developers"));
  adw_about_window_set_developers (ADW_ABOUT_WINDOW (about), developers);
  adw_about_window_set_copyright (ADW_ABOUT_WINDOW (about), "© 2026 The Strata authors");
  adw_about_window_set_license_type (ADW_ABOUT_WINDOW (about), GTK_LICENSE_GPL_3_0);
  adw_about_window_set_website (ADW_ABOUT_WINDOW (about), "https://github.com/stratadash/strata");
  adw_about_window_set_issue_url (ADW_ABOUT_WINDOW (about), "https://github.com/stratadash/strata/issues");
  gtk_window_present (GTK_WINDOW (about));
#endif
}
