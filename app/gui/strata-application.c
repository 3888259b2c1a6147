/* strata-application.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-application"

#include "config.h"

#include <glib/gi18n.h>

#include "strata-about.h"
#include "strata-application.h"
#include "strata-font-warmup.h"
#include "strata-startup-probe.h"
#include "strata-window.h"
#include "strata-window-private.h"

struct _StrataApplication
{
  AdwApplication  parent_instance;

  /* owned */
  GSettings      *settings;  /* (nullable) when the schema is not installed */
  StrataSession  *session;   /* loading, Open Recent, the last folder */
  char           *view;      /* (nullable) --view for the first window */
};

G_DEFINE_FINAL_TYPE (StrataApplication, strata_application, ADW_TYPE_APPLICATION)

static const GOptionEntry main_entries[] = {
  { "view", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Show a view first: cost-curves, value-chain, compare, ladder, tornado, roadmap or chances"), N_("VIEW") },
  { NULL }
};

static StrataWindow *
strata_application_create_window (StrataApplication *self)
{
  StrataWindow *window = strata_window_new (self);

  _strata_startup_probe_attach (GTK_WINDOW (window));
  _strata_font_warmup_start (GTK_WIDGET (window));
  if (self->view != NULL && !strata_window_set_view (window, self->view))
    /* Translators: a view name given with --view */
    g_printerr (_("strata: unknown view “%s”\n"), self->view);
  return window;
}

GtkWindow *
strata_application_new_window (StrataApplication *self)
{
  StrataWindow *window;

  g_return_val_if_fail (STRATA_IS_APPLICATION (self), NULL);

  window = strata_application_create_window (self);
  strata_window_open_sample (window, STRATA_DEFAULT_SAMPLE);
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}

static void
strata_application_activate (GApplication *app)
{
  StrataApplication *self = STRATA_APPLICATION (app);
  GtkWindow *window;
  g_autofree char *path = NULL;
  g_autofree char *refused = NULL;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  path = strata_session_begin_reopen (self->session, &refused);
  if (path != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);
      StrataWindow *first = strata_application_create_window (self);

      strata_window_open (first, file);
      window = GTK_WINDOW (first);
    }
  else
    {
      window = strata_application_new_window (self);
    }

  if (refused != NULL)
    {
      g_autofree char *base = g_path_get_basename (refused);
      g_autofree char *message = NULL;

      /* Translators: %s is a file name */
      message = g_strdup_printf (_("Strata closed while opening “%s” last time, so it was not opened again; use Open Recent to try it"),
                                 base);
      _strata_window_show_error (STRATA_WINDOW (window), message);
    }
  /* Unsaved changes a crash left behind. */
  _strata_window_offer_recovery (STRATA_WINDOW (window));
  gtk_window_present (window);
}

static void
strata_application_open (GApplication  *app,
                         GFile        **files,
                         int            n_files,
                         const char    *hint)
{
  StrataApplication *self = STRATA_APPLICATION (app);

  /* One window per file. */
  for (int i = 0; i < n_files; i++)
    {
      StrataWindow *window = strata_application_create_window (self);

      strata_window_open (window, files[i]);
      gtk_window_present (GTK_WINDOW (window));
    }
}

static int
strata_application_handle_local_options (GApplication *app,
                                         GVariantDict *options)
{
  StrataApplication *self = STRATA_APPLICATION (app);
  const char *view = NULL;

  if (g_variant_dict_lookup (options, "view", "&s", &view))
    {
      g_free (self->view);
      self->view = g_strdup (view);
    }

  return G_APPLICATION_CLASS (strata_application_parent_class)->handle_local_options (app, options);
}

static void
strata_application_about_action (GSimpleAction *action,
                                 GVariant      *parameter,
                                 gpointer       user_data)
{
  StrataApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  strata_about_present (window);
}

static void
strata_application_quit_action (GSimpleAction *action,
                                GVariant      *parameter,
                                gpointer       user_data)
{
  StrataApplication *self = user_data;
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Closing each window lets it save its size. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);
}

static void
strata_application_new_window_action (GSimpleAction *action,
                                      GVariant      *parameter,
                                      gpointer       user_data)
{
  strata_application_new_window (STRATA_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "quit", strata_application_quit_action },
  { "about", strata_application_about_action },
  { "new-window", strata_application_new_window_action },
};

static const struct {
  const char *action;
  const char *accels[3];
} accels[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "app.new-window", { "<Shift><Control>n", NULL } },
  { "win.new", { "<Control>n", NULL } },
  { "win.save", { "<Control>s", NULL } },
  { "win.save-as", { "<Shift><Control>s", NULL } },
  { "window.close", { "<Control>w", NULL } },
  { "win.open", { "<Control>o", NULL } },
  { "win.export", { "<Control>e", NULL } },
  { "win.copy-chart", { "<Shift><Control>c", NULL } },
  { "win.export-deck", { "<Shift><Control>e", NULL } },
  { "win.print", { "<Control>p", NULL } },
  { "win.undo", { "<Control>z", NULL } },
  { "win.redo", { "<Shift><Control>z", "<Control>y", NULL } },
  { "win.show-sidebar", { "F9", NULL } },
  { "win.show-help-overlay", { "<Control>question", NULL } },
  { "win.log-y", { "<Control>l", NULL } },
  { "win.view::cost-curves", { "<Control>1", NULL } },
  { "win.view::value-chain", { "<Control>2", NULL } },
  { "win.view::compare", { "<Control>3", NULL } },
  { "win.view::ladder", { "<Control>4", NULL } },
  { "win.view::tornado", { "<Control>5", NULL } },
  { "win.view::roadmap", { "<Control>6", NULL } },
  { "win.view::chances", { "<Control>7", NULL } },
};

/* Issue 15: GTK loads the icon theme in a thread as the display opens,
 * but the icon resource paths GtkApplication and libadwaita add at
 * start-up make it stale again, and the first window's first icon lookup
 * (as it is styled, in gtk_window_present ()) loaded the whole theme on
 * the main thread.  A worker loads it again once those paths are in,
 * while the window is built; lookups from a thread are what GTK's own
 * loader does, under the theme's lock. */
static void
load_icon_theme_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  gtk_icon_theme_has_icon (GTK_ICON_THEME (source_object), APP_ID);
  g_task_return_boolean (task, TRUE);
}

static void
strata_application_load_icon_theme (void)
{
  GdkDisplay *display = gdk_display_get_default ();
  g_autoptr(GTask) task = NULL;

  if (display == NULL)
    return;
  task = g_task_new (gtk_icon_theme_get_for_display (display), NULL, NULL, NULL);
  g_task_set_source_tag (task, strata_application_load_icon_theme);
  g_task_run_in_thread (task, load_icon_theme_thread);
}

static void
strata_application_startup (GApplication *app)
{
  StrataApplication *self = STRATA_APPLICATION (app);
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  G_APPLICATION_CLASS (strata_application_parent_class)->startup (app);
  strata_application_load_icon_theme ();

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);

#ifdef STRATA_BUILD_SCHEMA_DIR
  /* Run from the build tree (./build/app/gui/strata) before installing:
   * the schema compiled next to the build's data files. */
  if (schema == NULL && g_file_test (STRATA_BUILD_SCHEMA_DIR "/gschemas.compiled", G_FILE_TEST_IS_REGULAR))
    {
      g_autoptr(GSettingsSchemaSource) build_source = NULL;

      build_source = g_settings_schema_source_new_from_directory (STRATA_BUILD_SCHEMA_DIR, source, FALSE, NULL);
      if (build_source != NULL)
        schema = g_settings_schema_source_lookup (build_source, APP_ID, FALSE);
    }
#endif

  if (schema != NULL)
    self->settings = g_settings_new_full (schema, NULL, NULL);
  else
    g_warning ("The settings schema %s is not installed; settings will not be kept", APP_ID);
  self->session = strata_session_new (self->settings);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action, accels[i].accels);

  /* The windows' icon (the default icon name) is set by the first
   * window once its first frame is out (strata-window-lazy.c). */
}

static void
strata_application_finalize (GObject *object)
{
  StrataApplication *self = (StrataApplication *)object;

  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->view, g_free);

  G_OBJECT_CLASS (strata_application_parent_class)->finalize (object);
}

static void
strata_application_class_init (StrataApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = strata_application_finalize;

  app_class->activate = strata_application_activate;
  app_class->open = strata_application_open;
  app_class->startup = strata_application_startup;
  app_class->handle_local_options = strata_application_handle_local_options;
}

static void
strata_application_init (StrataApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), main_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[FILE…]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Own a layer of the stack, or stay neutral and buy it?"));
}

StrataApplication *
strata_application_new (void)
{
  return g_object_new (STRATA_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", RESOURCE_BASE,
                       NULL);
}

GSettings *
strata_application_get_settings (StrataApplication *self)
{
  g_return_val_if_fail (STRATA_IS_APPLICATION (self), NULL);

  return self->settings;
}

StrataSession *
strata_application_get_session (StrataApplication *self)
{
  g_return_val_if_fail (STRATA_IS_APPLICATION (self), NULL);

  return self->session;
}
