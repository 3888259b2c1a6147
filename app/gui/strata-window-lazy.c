/* strata-window-lazy.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-window"

#include "config.h"

#include <glib/gi18n.h>

#include "strata-glyph-warmup.h"
#include "strata-tooltip.h"
#include "strata-window-private.h"

/*
 * Issue 15: the window builds what its first frame shows and nothing
 * more.  The parts the first frame does not show are made when they are
 * first needed (shown, or reached by an action, a test or assistive
 * technology through the getters that make them), and what only helps
 * later frames waits until the first one is on screen.
 */

/* A menu button's popover is built when it first opens. */
static void
create_menu_popup_cb (GtkMenuButton *button,
                      gpointer       user_data)
{
  if (gtk_menu_button_get_popover (button) == NULL)
    gtk_menu_button_set_menu_model (button, G_MENU_MODEL (user_data));
}

void
_strata_window_lazy_menu_button (GtkMenuButton *button,
                                 GMenuModel    *model)
{
  gtk_menu_button_set_create_popup_func (button, create_menu_popup_cb, model, NULL);
}

/* -- The inspector (the sidebar's Edit page) ------------------------------ */

static void
on_sidebar_page_cb (StrataWindow *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->sidebar_stack);

  if (g_strcmp0 (name, "edit") == 0)
    _strata_window_ensure_inspector (self);
}

StrataInspector *
_strata_window_ensure_inspector (StrataWindow *self)
{
  if (self->inspector != NULL)
    return self->inspector;

  /* It follows the scenario from now on; it reads the dataset when it is
   * first mapped (or asked to show a page). */
  self->inspector = STRATA_INSPECTOR (strata_inspector_new (self->scenario));
  gtk_scrolled_window_set_child (self->inspector_scroller, GTK_WIDGET (self->inspector));
  g_signal_connect_object (self->inspector, "problem", G_CALLBACK (_strata_window_show_toast),
                           self, G_CONNECT_SWAPPED);
  return self->inspector;
}

/* -- The "empty" page (no dataset could be opened) ----------------------- */

void
_strata_window_ensure_empty_page (StrataWindow *self)
{
  g_autoptr(GtkBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;

  if (gtk_stack_get_child_by_name (self->main_stack, "empty") != NULL)
    return;

  builder = gtk_builder_new ();
  gtk_builder_set_translation_domain (builder, GETTEXT_PACKAGE);
  if (!gtk_builder_add_from_resource (builder, RESOURCE_BASE "/ui/strata-window-empty.ui", &error))
    g_error ("strata-window-empty.ui: %s", error->message);

  self->sidebar_menu_button = GTK_MENU_BUTTON (gtk_builder_get_object (builder, "sidebar_menu_button"));
  self->samples_menu_button = GTK_MENU_BUTTON (gtk_builder_get_object (builder, "samples_menu_button"));
  _strata_window_lazy_menu_button (self->sidebar_menu_button, self->primary_menu);
  _strata_window_lazy_menu_button (self->samples_menu_button, self->samples_menu);
  gtk_stack_add_named (self->main_stack, GTK_WIDGET (gtk_builder_get_object (builder, "empty_page")),
                       "empty");
}

/* -- Tooltips -------------------------------------------------------------- */

/* The window template's tooltips, set in code rather than in the template: GtkBuilder
 * would set them on visible widgets, each with four round trips to the X
 * server (strata-tooltip.c). */
static const struct {
  const char *id;
  const char *text;
} template_tooltips[] = {
  { "open_button", N_("Open Dataset (Ctrl+O)") },
  { "objective_effective_button", N_("Unit cost less ecosystem value") },
  { "objective_cash_button", N_("Unit cost; ecosystem value ignored") },
  { "volume_entry", N_("Units per year, e.g. 2.5e9, 2.5B or 2,500,000,000") },
  { "sidebar_button", N_("Show Sidebar (F9)") },
  { "main_menu_button", N_("Main Menu") },
  { "export_menu_button", N_("Export Chart") },
  { "bands_button", N_("P10–P90 bands and the P50 line of each compared strategy, from a Monte Carlo of the uncertain numbers") },
  { "log_y_button", N_("Logarithmic cost axis (Ctrl+L)") },
};

void
_strata_window_init_tooltips (StrataWindow *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (template_tooltips); i++)
    {
      GObject *widget = gtk_widget_get_template_child (GTK_WIDGET (self), STRATA_TYPE_WINDOW,
                                                       template_tooltips[i].id);

      _strata_tooltip_set (GTK_WIDGET (widget), _(template_tooltips[i].text));
    }
}

void
_strata_window_class_init_tooltips (GtkWidgetClass *widget_class)
{
  /* Named only for their tooltips. */
  gtk_widget_class_bind_template_child_full (widget_class, "open_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "objective_effective_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "objective_cash_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "sidebar_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "bands_button", FALSE, 0);
}

/* -- After the first frame ------------------------------------------------ */

/* libadwaita's style manager turns CSS transitions off for its first
 * 250 ms (a display-wide `* { transition: none; }` style provider that a
 * timeout removes).  The window's first frame comes later than that: the
 * timeout, due by the time the window was shown, ran in the first turn
 * of the main loop after it, between the window's styling and its first
 * frame.  Removing a display's provider restyles every node: the whole
 * window's style was worked out twice before it painted anything.  The
 * first window holds that timeout back until its first frame is out
 * (nothing changes style before it, so no transition is lost).  Only a
 * timeout source of the window's style manager is held, found by its
 * user data as libadwaita 1.2 adds it; if there is none (it ran, or
 * another libadwaita adds it another way), nothing is held. */
static GSource *held_style_switch;

static void
hold_style_switch (GtkWidget *widget)
{
  AdwStyleManager *manager = adw_style_manager_get_for_display (gtk_widget_get_display (widget));
  GSource *source = g_main_context_find_source_by_user_data (NULL, manager);

  if (held_style_switch != NULL || source == NULL || source->source_funcs != &g_timeout_funcs)
    return;
  held_style_switch = g_source_ref (source);
  g_source_set_ready_time (source, -1);
}

static void
release_style_switch (void)
{
  if (held_style_switch == NULL)
    return;
  if (!g_source_is_destroyed (held_style_switch))
    g_source_set_ready_time (held_style_switch, 0);
  g_clear_pointer (&held_style_switch, g_source_unref);
}

/* The header's view switcher shows only when its seven buttons fit beside
 * the sidebar (a very wide window); at the default size the bar at the
 * bottom has them, so the header's are made once the first frame is out.
 * Until then the header shows the dataset's name, as it does whenever
 * its switcher does not fit.  The bar's buttons too: the bar is revealed
 * (it slides in) only once the header's title shows, which the first
 * frame's layout decides, so the first frame never has them.  The
 * window's icon likewise (below). */
static gboolean
after_first_frame_cb (gpointer data)
{
  StrataWindow *self = data;

  self->after_first_frame_source = 0;
  if (adw_view_switcher_title_get_stack (self->switcher_title) == NULL)
    adw_view_switcher_title_set_stack (self->switcher_title, self->view_stack);
  if (adw_view_switcher_bar_get_stack (self->switcher_bar) == NULL)
    adw_view_switcher_bar_set_stack (self->switcher_bar, self->view_stack);

  /* The window's icon: on X11 GTK renders the application's SVG icon into
   * the window's _NET_WM_ICON as the window is realized, loading librsvg
   * and its gdk-pixbuf module for it alone (every icon of the first frame
   * is one of the theme's PNGs).  The first window sets it once its first
   * frame is out; windows made later are realized with it as the default. */
  if (gtk_window_get_default_icon_name () == NULL)
    {
      gtk_window_set_default_icon_name (APP_ID);
      gtk_window_set_icon_name (GTK_WINDOW (self), APP_ID);
    }
  return G_SOURCE_REMOVE;
}

static void
on_first_after_paint_cb (GdkFrameClock *frame_clock,
                         StrataWindow  *self)
{
  g_signal_handlers_disconnect_by_func (frame_clock, on_first_after_paint_cb, self);
  release_style_switch ();
  if (self->after_first_frame_source == 0)
    self->after_first_frame_source = g_idle_add (after_first_frame_cb, self);
}

static void
on_realize_cb (StrataWindow *self)
{
  hold_style_switch (GTK_WIDGET (self));
  g_signal_connect_object (gtk_widget_get_frame_clock (GTK_WIDGET (self)), "after-paint",
                           G_CALLBACK (on_first_after_paint_cb), self, 0);
}

void
_strata_window_init_lazy (StrataWindow *self)
{
  g_signal_connect_swapped (self->sidebar_stack, "notify::visible-child-name",
                            G_CALLBACK (on_sidebar_page_cb), self);
  g_signal_connect (self, "realize", G_CALLBACK (on_realize_cb), NULL);
  _strata_glyph_warmup_attach (GTK_WINDOW (self));
}

void
_strata_window_dispose_lazy (StrataWindow *self)
{
  /* A window closed before it painted lets the timeout go too. */
  release_style_switch ();
  g_clear_handle_id (&self->after_first_frame_source, g_source_remove);
}
