/* strata-window-pages.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-window"

#include "config.h"

#include <glib/gi18n.h>

#include "strata-tooltip.h"
#include "strata-window-private.h"

/*
 * Issue 15: the view stack's pages the first frame does not show (the
 * value chain, compare, the ladder, the Uncertainty page, the Roadmap)
 * are built from their own ui files when first shown, or first asked for
 * (an export of the view on screen, a test).  Until then each is an empty
 * AdwBin in the window's template: the view switchers have their
 * buttons (the page's name, title and icon stay in the template), but
 * nothing of the page is parsed, styled, measured or handed a request.
 * Once built, a page is told the window's current request and follows
 * the scenario like the others.  The Chances page stays in the template:
 * its view keeps the Monte Carlo the cost curves' bands show.
 */

typedef struct
{
  const char *file;     /* ui/strata-window-FILE.ui */
  const char *top;      /* the page's widget in it */
  const char *bin;      /* its place in the window's template */
} Page;

static const Page pages[STRATA_N_LAZY_PAGES] = {
  [STRATA_CHART_VALUE_CHAIN] = { "value-chain", "value_chain_view", "value_chain_bin" },
  [STRATA_CHART_COMPARE] = { "compare", "compare_view", "compare_bin" },
  [STRATA_CHART_LADDER] = { "ladder", "ladder_view", "ladder_bin" },
  [STRATA_CHART_TORNADO] = { "tornado", "page", "tornado_bin" },
  [STRATA_CHART_ROADMAP] = { "roadmap", "page", "roadmap_bin" },
};

/* The objects of a page the window keeps, as the template's children
 * would be bound. */
static const struct {
  StrataChartKind  kind;
  const char      *id;
  gsize            offset;
} page_children[] = {
  { STRATA_CHART_VALUE_CHAIN, "value_chain_view", G_STRUCT_OFFSET (StrataWindow, value_chain_view) },
  { STRATA_CHART_COMPARE, "compare_view", G_STRUCT_OFFSET (StrataWindow, compare_view) },
  { STRATA_CHART_LADDER, "ladder_view", G_STRUCT_OFFSET (StrataWindow, ladder_view) },
  { STRATA_CHART_TORNADO, "tornado_view", G_STRUCT_OFFSET (StrataWindow, tornado_view) },
  { STRATA_CHART_TORNADO, "outcome_dropdown", G_STRUCT_OFFSET (StrataWindow, outcome_dropdown) },
  { STRATA_CHART_TORNADO, "switches_list", G_STRUCT_OFFSET (StrataWindow, switches_list) },
  { STRATA_CHART_TORNADO, "switches_heading", G_STRUCT_OFFSET (StrataWindow, switches_heading) },
  { STRATA_CHART_TORNADO, "switches_spinner", G_STRUCT_OFFSET (StrataWindow, switches_spinner) },
  { STRATA_CHART_ROADMAP, "roadmap_view", G_STRUCT_OFFSET (StrataWindow, roadmap_view) },
  { STRATA_CHART_ROADMAP, "roadmap_status", G_STRUCT_OFFSET (StrataWindow, roadmap_status) },
  { STRATA_CHART_ROADMAP, "roadmap_label", G_STRUCT_OFFSET (StrataWindow, roadmap_label) },
  { STRATA_CHART_ROADMAP, "roadmap_progress", G_STRUCT_OFFSET (StrataWindow, roadmap_progress) },
};

static gboolean
is_lazy (StrataChartKind kind)
{
  return kind < STRATA_N_LAZY_PAGES && pages[kind].file != NULL;
}

/* What the page needs beyond its widgets: its signals, its tooltips, the
 * window's current request. */
static void
page_set_up (StrataWindow    *self,
             StrataChartKind  kind)
{
  switch (kind)
    {
    case STRATA_CHART_VALUE_CHAIN:
      g_signal_connect_object (self->value_chain_view, "layer-activated",
                               G_CALLBACK (_strata_window_on_layer_activated), self, G_CONNECT_SWAPPED);
      break;

    case STRATA_CHART_LADDER:
      g_signal_connect_object (self->ladder_view, "volume-activated",
                               G_CALLBACK (_strata_window_on_volume_activated), self, G_CONNECT_SWAPPED);
      break;

    case STRATA_CHART_TORNADO:
      _strata_tooltip_set (GTK_WIDGET (self->outcome_dropdown),
                           _("What the tornado swings and whose decision the switch points change"));
      _strata_window_init_switches (self);
      break;

    case STRATA_CHART_ROADMAP:
      if (self->roadmap_box != NULL)
        _strata_chart_view_set_monte_carlo (self->roadmap_view, self->roadmap_box);
      break;

    case STRATA_CHART_COST_CURVES:
    case STRATA_CHART_COMPARE:
    case STRATA_CHART_CHANCES:
    case STRATA_CHART_SWITCHPOINTS:
    default:
      break;
    }
  _strata_window_update_view (self, kind);
}

StrataChartView *
_strata_window_ensure_view (StrataWindow    *self,
                            StrataChartKind  kind)
{
  g_autoptr(GtkBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  StrataChartView *view = _strata_window_peek_view (self, kind);

  if (view != NULL || !is_lazy (kind) || self->pages_disposed)
    return view;

  path = g_strdup_printf (RESOURCE_BASE "/ui/strata-window-%s.ui", pages[kind].file);
  builder = gtk_builder_new ();
  gtk_builder_set_translation_domain (builder, GETTEXT_PACKAGE);
  if (!gtk_builder_add_from_resource (builder, path, &error))
    g_error ("%s: %s", path, error->message);

  for (guint i = 0; i < G_N_ELEMENTS (page_children); i++)
    if (page_children[i].kind == kind)
      G_STRUCT_MEMBER (gpointer, self, page_children[i].offset) =
        gtk_builder_get_object (builder, page_children[i].id);
  adw_bin_set_child (self->page_bins[kind], GTK_WIDGET (gtk_builder_get_object (builder, pages[kind].top)));
  page_set_up (self, kind);
  return _strata_window_peek_view (self, kind);
}

gboolean
_strata_window_view_is_built (StrataWindow    *self,
                              StrataChartKind  kind)
{
  g_return_val_if_fail (STRATA_IS_WINDOW (self), FALSE);

  return _strata_window_peek_view (self, kind) != NULL;
}

void
_strata_window_class_init_pages (GtkWidgetClass *widget_class)
{
  for (guint kind = 0; kind < STRATA_N_LAZY_PAGES; kind++)
    if (is_lazy (kind))
      gtk_widget_class_bind_template_child_full (widget_class, pages[kind].bin, FALSE,
                                                 G_STRUCT_OFFSET (StrataWindow, page_bins) +
                                                 kind * sizeof (gpointer));
}

/* Before the template goes: a page is no longer built (the view stack
 * shows another page as it empties). */
void
_strata_window_dispose_pages (StrataWindow *self)
{
  self->pages_disposed = TRUE;
}

/* After it: the pages' widgets went with it. */
void
_strata_window_forget_pages (StrataWindow *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (page_children); i++)
    G_STRUCT_MEMBER (gpointer, self, page_children[i].offset) = NULL;
}
