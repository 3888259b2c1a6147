/* strata-window-switches.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-window"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "strata/strata-format.h"
#include "strata/strata-switchpoints.h"
#include "strata/strata-uncertainty.h"

#include "strata-layer-row-private.h"
#include "strata-window-private.h"

/*
 * The Uncertainty page beyond its chart: the outcome the tornado swings
 * (a drop-down, remembered per window, carried by every request the
 * window builds, so Export, Copy and the deck show it too) and "What
 * would have to be true", the switch points of MODEL.md section 6 at the
 * current volume as a ranked list of sentences (strata_switch_sentence (),
 * the words of strata-cli switchpoints).  The decision they switch
 * follows the outcome: the optimal option of each layer for a cost, which
 * of the current strategy and the first compared one is cheaper for the
 * gap and the break-even, the sign of savings_npv of adopting the current
 * strategy now for savings_npv.
 *
 * Switch points take about 13 ms of CPU for every number of the AI cloud
 * stack and far longer on large datasets, so they are found in a worker
 * thread on the scenario's immutable snapshot, one run at a time: a
 * change while one runs marks the list stale and the next run starts
 * when it returns.  Only the page on screen runs them; a hidden page runs
 * when it is shown.  Activating a row (a click, Enter) selects its field
 * in the inspector (win.inspect-field).
 */

/* Rows shown at most: the nearest switches, the rest counted under them
 * (strata-cli switchpoints lists them all). */
#define MAX_ROWS 40

/* Rows made with the list's heading (more than the scroller shows), then
 * per turn of the main loop after a frame: laying out and drawing 40
 * wrapped sentences took the main thread 30 to 70 ms in one block. */
#define FIRST_ROWS 6
#define ROWS_PER_TURN 6

/* The outcomes the drop-down offers, in its order when available. */
static const StrataTornadoOutcome all_outcomes[] = {
  STRATA_TORNADO_COST,
  STRATA_TORNADO_GAP,
  STRATA_TORNADO_BREAKEVEN,
  STRATA_TORNADO_SAVINGS,
};

static const StrataStrategy *
request_strategy (StrataWindow *self,
                  guint         index)
{
  if (self->request == NULL || index >= self->request->n_strategies)
    return NULL;
  return self->request->strategies[index];
}

static const char *
strategy_name (const StrataStrategy *strategy)
{
  return strategy->name != NULL ? strategy->name : strategy->id;
}

/* Whether @outcome can be shown for the current scenario: the gap and the
 * break-even need a compared strategy, savings_npv a horizon. */
static gboolean
outcome_available (StrataWindow         *self,
                   StrataTornadoOutcome  outcome)
{
  StrataDataset *dataset = _strata_window_dataset (self);

  if (dataset == NULL || self->request == NULL)
    return FALSE;
  switch (outcome)
    {
    case STRATA_TORNADO_GAP:
    case STRATA_TORNADO_BREAKEVEN:
      return self->request->n_strategies > 1;
    case STRATA_TORNADO_SAVINGS:
      return dataset->horizon != NULL;
    case STRATA_TORNADO_COST:
    default:
      return TRUE;
    }
}

StrataTornadoOutcome
_strata_window_get_outcome (StrataWindow *self)
{
  g_return_val_if_fail (STRATA_IS_WINDOW (self), STRATA_TORNADO_COST);

  return outcome_available (self, self->outcome) ? self->outcome : STRATA_TORNADO_COST;
}

/* The drop-down's words for @outcome: "Cost of Custom", "Gap: Custom −
 * All neutral", ... */
static char *
outcome_text (StrataWindow         *self,
              StrataTornadoOutcome  outcome)
{
  const StrataStrategy *a = request_strategy (self, 0);
  const StrataStrategy *b = request_strategy (self, 1);
  const char *cost = strata_tornado_outcome_key (STRATA_TORNADO_COST, _strata_window_get_objective (self));

  if (a == NULL)
    return g_strdup ("");
  switch (outcome)
    {
    case STRATA_TORNADO_GAP:
      /* Translators: the tornado's outcome: the cost of one strategy less
       * that of another, "Gap: Custom − All neutral" */
      return g_strdup_printf (_("Gap: %s \xE2\x88\x92 %s"), strategy_name (a), strategy_name (b));
    case STRATA_TORNADO_BREAKEVEN:
      /* Translators: the tornado's outcome: "Break-even volume: Custom and All neutral" */
      return g_strdup_printf (_("Break-even volume: %s and %s"), strategy_name (a), strategy_name (b));
    case STRATA_TORNADO_SAVINGS:
      /* Translators: the tornado's outcome: savings_npv of adopting a strategy now */
      return g_strdup_printf (_("Savings NPV of adopting %s now"), strategy_name (a));
    case STRATA_TORNADO_COST:
    default:
      /* Translators: the tornado's outcome: "effective_unit_cost of Custom" */
      return g_strdup_printf (_("%s of %s"), cost, strategy_name (a));
    }
}

/* Fills the drop-down with the outcomes of the current scenario (their
 * words name the strategies), the window's choice selected. */
static void
outcome_rebuild (StrataWindow *self)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  StrataTornadoOutcome shown = _strata_window_get_outcome (self);
  guint selected = 0;

  self->n_outcome_items = 0;
  for (guint i = 0; i < G_N_ELEMENTS (all_outcomes); i++)
    if (outcome_available (self, all_outcomes[i]))
      {
        g_autofree char *text = outcome_text (self, all_outcomes[i]);

        if (all_outcomes[i] == shown)
          selected = self->n_outcome_items;
        self->outcome_items[self->n_outcome_items++] = all_outcomes[i];
        gtk_string_list_append (list, text);
      }
  /* The page may not be built yet: it fills its drop-down when it is. */
  if (self->outcome_dropdown == NULL)
    return;
  self->outcome_updating = TRUE;
  gtk_drop_down_set_model (self->outcome_dropdown, G_LIST_MODEL (list));
  gtk_drop_down_set_selected (self->outcome_dropdown, selected);
  self->outcome_updating = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->outcome_dropdown), self->n_outcome_items > 1);
}

static void
on_outcome_selected_cb (StrataWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->outcome_dropdown);

  if (self->outcome_updating || selected >= self->n_outcome_items)
    return;
  _strata_window_set_outcome (self, self->outcome_items[selected]);
}

/* -- the worker ---------------------------------------------------------------- */

typedef struct
{
  StrataScenarioRequest *request;   /* the snapshot: dataset and strategies */
  StrataTornadoOutcome   outcome;
  double                 seconds;   /* the run's time, for the tests */
  StrataWindow          *window;    /* (unowned) told the progress; alive until the
                                     * run's callback, which holds a reference */
} SwitchJob;

static void
switch_job_free (gpointer data)
{
  SwitchJob *job = data;

  g_clear_pointer (&job->request, strata_scenario_request_unref);
  g_free (job);
}

/* From the worker thread: the share of numbers done.  The window lives
 * until the run's callback (the task holds a reference). */
static void
switches_progress_cb (double   fraction,
                      gpointer user_data)
{
  StrataWindow *self = user_data;

  g_atomic_int_set (&self->switches_progress, (gint) (CLAMP (fraction, 0.0, 1.0) * 1000));
}

static void
switches_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  SwitchJob *job = task_data;
  StrataScenarioRequest *r = job->request;
  const StrataStrategy *a = r->n_strategies > 0 ? r->strategies[0] : NULL;
  const StrataStrategy *b = r->n_strategies > 1 ? r->strategies[1] : NULL;
  StrataSwitchPoints *points;
  GError *error = NULL;
  gint64 start = g_get_monotonic_time ();

  switch (job->outcome)
    {
    case STRATA_TORNADO_SAVINGS:
      points = strata_switch_points_find_savings_full (r->dataset, r->objective, a, cancellable,
                                                       switches_progress_cb, job->window, &error);
      break;
    case STRATA_TORNADO_GAP:
    case STRATA_TORNADO_BREAKEVEN:
      points = strata_switch_points_find_full (r->dataset, r->volume, r->objective, a, b,
                                               cancellable, switches_progress_cb, job->window, &error);
      break;
    case STRATA_TORNADO_COST:
    default:
      points = strata_switch_points_find_full (r->dataset, r->volume, r->objective, NULL, NULL,
                                               cancellable, switches_progress_cb, job->window, &error);
      break;
    }
  job->seconds = (g_get_monotonic_time () - start) / 1e6;
  if (points == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, points, (GDestroyNotify) strata_switch_points_free);
}

/* -- the list ------------------------------------------------------------------ */

static void
on_row_activated_cb (StrataWindow  *self,
                     GtkListBoxRow *row)
{
  const char *path = g_object_get_data (G_OBJECT (row), "strata-field-path");

  if (path != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.inspect-field", "s", path);
}

static GtkWidget *
switch_row_new (const StrataDataset      *dataset,
                const StrataSwitchPoints *points,
                const StrataSwitch       *sw)
{
  const StrataSwitchField *field = &g_array_index (points->fields, StrataSwitchField, sw->field);
  g_autofree char *sentence = strata_switch_sentence (dataset, points, sw);
  g_autofree char *sources = strata_switch_field_sources_text (dataset, field);
  g_autofree char *source_text = NULL;
  g_autofree char *accessible = NULL;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *details = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *label = gtk_label_new (sentence);
  gboolean inside = field->uncertain && sw->within_uncertainty;

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), label);

  if (inside)
    {
      GtkWidget *mark = gtk_label_new (_("Inside its own range"));

      gtk_widget_add_css_class (mark, "warning");
      gtk_widget_add_css_class (mark, "caption-heading");
      gtk_widget_set_tooltip_text (mark, _("The switch lies within the number's own low–high range: "
                                           "the dataset itself says it could happen"));
      gtk_box_append (GTK_BOX (details), mark);
    }
  if (sources != NULL)
    {
      GtkWidget *source;

      /* Translators: the sources of a number, "Source: NVIDIA 10-K" */
      source_text = g_strdup_printf (_("Source: %s"), sources);
      source = gtk_label_new (source_text);
      gtk_label_set_ellipsize (GTK_LABEL (source), PANGO_ELLIPSIZE_END);
      gtk_label_set_xalign (GTK_LABEL (source), 0);
      gtk_widget_set_hexpand (source, TRUE);
      gtk_widget_set_tooltip_text (source, source_text);
      gtk_widget_add_css_class (source, "caption");
      gtk_widget_add_css_class (source, "dim-label");
      gtk_box_append (GTK_BOX (details), source);
    }
  if (gtk_widget_get_first_child (details) != NULL)
    gtk_box_append (GTK_BOX (box), details);
  else
    {
      /* Never placed: drop it. */
      g_object_ref_sink (details);
      g_object_unref (details);
    }

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_tooltip_text (row, _("Activate to edit this number in the inspector"));
  g_object_set_data_full (G_OBJECT (row), "strata-field-path", g_strdup (field->path), g_free);
  g_object_set_data_full (G_OBJECT (row), "strata-sentence", g_strdup (sentence), g_free);
  accessible = g_strdup_printf ("%s%s%s%s", sentence, inside ? _(". Inside its own range") : "",
                                source_text != NULL ? ". " : "", source_text != NULL ? source_text : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Activate to edit this number in the inspector"), -1);
  return row;
}

/* Stops filling the list (the rows made stay). */
static void
switches_stop_fill (StrataWindow *self)
{
  g_clear_handle_id (&self->switches_fill, g_source_remove);
  g_clear_pointer (&self->switches_points, strata_switch_points_free);
  g_clear_pointer (&self->switches_points_request, strata_scenario_request_unref);
}

static void
switches_clear (StrataWindow *self)
{
  GtkWidget *child;

  switches_stop_fill (self);
  gtk_list_box_set_placeholder (self->switches_list, NULL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->switches_list))) != NULL)
    gtk_list_box_remove (self->switches_list, child);
}

/* The last row when the list is cut: how many more there are. */
static void
switches_append_more (StrataWindow *self,
                      guint         n_more)
{
  GtkWidget *more = gtk_label_new (NULL);
  /* Translators: the list's end when it is cut */
  g_autofree char *text = g_strdup_printf (ngettext ("and %u more, farther from today (strata-cli switchpoints lists them all)",
                                                     "and %u more, farther from today (strata-cli switchpoints lists them all)",
                                                     n_more), n_more);

  gtk_label_set_label (GTK_LABEL (more), text);
  gtk_label_set_xalign (GTK_LABEL (more), 0);
  gtk_label_set_wrap (GTK_LABEL (more), TRUE);
  gtk_widget_set_margin_start (more, 12);
  gtk_widget_set_margin_top (more, 6);
  gtk_widget_set_margin_bottom (more, 6);
  gtk_widget_add_css_class (more, "dim-label");
  gtk_list_box_append (self->switches_list, more);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (gtk_widget_get_parent (more)), FALSE);
}

/* Makes up to @n_rows more rows of the list being filled, then its end.
 * Returns whether rows are left to make. */
static gboolean
switches_make_rows (StrataWindow *self,
                    guint         n_rows)
{
  StrataSwitchPoints *points = self->switches_points;
  const StrataDataset *dataset = self->switches_points_request->dataset;
  guint n = points->switches->len;
  guint end = MIN (MIN (n, MAX_ROWS), self->switches_made + n_rows);

  for (; self->switches_made < end; self->switches_made++)
    gtk_list_box_append (self->switches_list,
                         switch_row_new (dataset, points,
                                         &g_array_index (points->switches, StrataSwitch, self->switches_made)));
  if (self->switches_made < MIN (n, MAX_ROWS))
    return TRUE;
  if (n > MAX_ROWS)
    switches_append_more (self, n - MAX_ROWS);
  return FALSE;
}

static gboolean
switches_fill_cb (gpointer data)
{
  StrataWindow *self = data;

  if (switches_make_rows (self, ROWS_PER_TURN))
    return G_SOURCE_CONTINUE;
  self->switches_fill = 0;
  switches_stop_fill (self);
  return G_SOURCE_REMOVE;
}

/* The heading over the rows (what decision, at what volume, how many)
 * and the rows, the first at once and the rest after frames.  Takes
 * @points; @request is the snapshot they were found on. */
static void
switches_show (StrataWindow          *self,
               StrataScenarioRequest *request,
               StrataSwitchPoints    *points)
{
  g_autofree char *volume = strata_format_volume (points->volume);
  g_autofree char *decision = NULL;
  g_autofree char *heading = NULL;
  guint inside = 0, n = points->switches->len;

  switches_clear (self);
  for (guint i = 0; i < n; i++)
    {
      const StrataSwitch *sw = &g_array_index (points->switches, StrataSwitch, i);
      const StrataSwitchField *f = &g_array_index (points->fields, StrataSwitchField, sw->field);

      inside += f->uncertain && sw->within_uncertainty;
    }
  if (points->savings)
    /* Translators: what the list's decision is */
    decision = g_strdup_printf (_("the sign of savings_npv of adopting %s now"), strategy_name (points->a));
  else if (points->a != NULL)
    /* Translators: what the list's decision is: "which of Custom and All neutral is cheaper" */
    decision = g_strdup_printf (_("which of %s and %s is cheaper at %s"), strategy_name (points->a),
                                strategy_name (points->b), volume);
  else
    /* Translators: what the list's decision is, %s a volume */
    decision = g_strdup_printf (_("the optimum at %s"), volume);
  if (n == 0)
    /* Translators: %s is the decision, "the optimum at 1 B" */
    heading = g_strdup_printf (_("What would have to be true for %s to change: no number alone "
                                 "changes it within a tenth to ten times its value"), decision);
  else
    /* Translators: %s is the decision; then how many switches, how many of
     * them lie inside their number's own range, how many numbers hold */
    heading = g_strdup_printf (_("What would have to be true for %s to change: %u switches, nearest "
                                 "first (%u inside their own range); %u numbers hold"),
                               decision, n, inside, points->robust->len);
  gtk_label_set_label (self->switches_heading, heading);
  if (n == 0)
    {
      /* Not an empty card under the heading: what holding means. */
      GtkWidget *none = gtk_label_new (NULL);
      /* Translators: %u is how many numbers were tried */
      g_autofree char *text = g_strdup_printf (ngettext ("The one number tried holds it across its range; "
                                                         "numbers moving together may still change it",
                                                         "Each of the %u numbers tried holds it across its "
                                                         "range; numbers moving together may still change it",
                                                         points->robust->len),
                                               points->robust->len);

      gtk_label_set_label (GTK_LABEL (none), text);
      gtk_label_set_wrap (GTK_LABEL (none), TRUE);
      gtk_widget_set_margin_start (none, 12);
      gtk_widget_set_margin_end (none, 12);
      gtk_widget_set_margin_top (none, 12);
      gtk_widget_set_margin_bottom (none, 12);
      gtk_widget_add_css_class (none, "dim-label");
      gtk_list_box_set_placeholder (self->switches_list, none);
    }
  /* Cut after two lines when narrow: the whole of it on hover. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->switches_heading), heading);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->switches_list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  heading, -1);

  self->switches_points = points;
  self->switches_points_request = strata_scenario_request_ref (request);
  self->switches_made = 0;
  if (switches_make_rows (self, FIRST_ROWS))
    self->switches_fill = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, switches_fill_cb, self, NULL);
  else
    switches_stop_fill (self);
}

static void switches_start (StrataWindow *self);

/* A run's progress is shown in the heading at once when the list is
 * empty (the page's first run), else after PROGRESS_AFTER_US: a run that
 * ends sooner (a sample's take milliseconds) leaves the list it replaces
 * in place until then, without a flash. */
#define PROGRESS_AFTER_US (500 * G_TIME_SPAN_MILLISECOND)

static void
switches_show_progress (StrataWindow *self)
{
  gint done = g_atomic_int_get (&self->switches_progress);
  g_autofree char *heading = NULL;

  /* Translators: while the switch points are found; %d is a percentage */
  heading = g_strdup_printf (_("Working out what would have to be true… %d %% of the numbers done"),
                             done / 10);
  switches_clear (self);
  gtk_label_set_label (self->switches_heading, heading);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->switches_heading), NULL);
}

static gboolean
switches_tick_cb (gpointer data)
{
  StrataWindow *self = data;

  if (!self->switches_running)
    {
      self->switches_tick = 0;
      return G_SOURCE_REMOVE;
    }
  if (gtk_widget_get_first_child (GTK_WIDGET (self->switches_list)) == NULL ||
      g_get_monotonic_time () - self->switches_since >= PROGRESS_AFTER_US)
    switches_show_progress (self);
  return G_SOURCE_CONTINUE;
}

static gboolean
switches_wanted (StrataWindow *self)
{
  return g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "tornado") == 0;
}

static void
switches_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(StrataWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataSwitchPoints) points = g_task_propagate_pointer (G_TASK (result), &error);
  SwitchJob *job = g_task_get_task_data (G_TASK (result));

  self->switches_running = FALSE;
  if (self->switches_disposed)
    return;
  g_clear_handle_id (&self->switches_tick, g_source_remove);
  g_clear_object (&self->switches_cancellable);
  self->switches_seconds = job->seconds;
  if (self->switches_stale)
    {
      /* The scenario changed while it ran: what it found is out of date. */
      if (switches_wanted (self))
        switches_start (self);
      return;
    }
  self->switches_computed++;
  gtk_widget_set_visible (GTK_WIDGET (self->switches_spinner), FALSE);
  gtk_spinner_stop (self->switches_spinner);
  if (points == NULL)
    {
      switches_clear (self);
      gtk_label_set_label (self->switches_heading, error->message);
      return;
    }
  switches_show (self, job->request, g_steal_pointer (&points));
}

static void
switches_start (StrataWindow *self)
{
  g_autoptr(GTask) task = NULL;
  SwitchJob *job;

  if (self->request == NULL || self->request->n_strategies == 0 || self->switches_running)
    return;

  job = g_new0 (SwitchJob, 1);
  job->request = strata_scenario_request_ref (self->request);
  job->outcome = _strata_window_get_outcome (self);
  job->window = self;
  self->switches_running = TRUE;
  self->switches_stale = FALSE;
  self->switches_started++;
  gtk_widget_set_visible (GTK_WIDGET (self->switches_spinner), TRUE);
  gtk_spinner_start (self->switches_spinner);
  g_atomic_int_set (&self->switches_progress, 0);
  self->switches_since = g_get_monotonic_time ();
  if (gtk_widget_get_first_child (GTK_WIDGET (self->switches_list)) == NULL)
    switches_show_progress (self);
  if (self->switches_tick == 0)
    self->switches_tick = g_timeout_add (100, switches_tick_cb, self);

  /* No source object: the last reference may go in the worker.  The
   * run is cancelled when the scenario changes under it or the window
   * goes (a large dataset's search takes seconds). */
  g_clear_object (&self->switches_cancellable);
  self->switches_cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->switches_cancellable, switches_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, switches_start);
  g_task_set_task_data (task, job, switch_job_free);
  g_task_run_in_thread (task, switches_thread);
}

void
_strata_window_update_switches (StrataWindow *self,
                                guint         what)
{
  g_return_if_fail (STRATA_IS_WINDOW (self));

  if (what & (STRATA_SCENARIO_CHANGED_DATASET | STRATA_SCENARIO_CHANGED_CHOICES |
              STRATA_SCENARIO_CHANGED_STRATEGY | STRATA_SCENARIO_CHANGED_COMPARED |
              STRATA_SCENARIO_CHANGED_OBJECTIVE))
    outcome_rebuild (self);
  /* Every change moves some switch: the volume, the numbers, the
   * strategies compared, the objective. */
  if (what != 0)
    {
      self->switches_stale = TRUE;
      if (self->switches_running && self->switches_cancellable != NULL)
        g_cancellable_cancel (self->switches_cancellable);
    }
  if (self->switches_stale && !self->switches_running && switches_wanted (self) &&
      _strata_window_dataset (self) != NULL)
    switches_start (self);
}

void
_strata_window_set_outcome (StrataWindow         *self,
                            StrataTornadoOutcome  outcome)
{
  StrataChartRequest request;

  g_return_if_fail (STRATA_IS_WINDOW (self));

  if (self->outcome == outcome)
    return;
  self->outcome = outcome;
  /* The items stay (never replace the model while it reports a pick):
   * only the selection follows a change made elsewhere. */
  for (guint i = 0; i < self->n_outcome_items && self->outcome_dropdown != NULL; i++)
    if (self->outcome_items[i] == outcome && gtk_drop_down_get_selected (self->outcome_dropdown) != i)
      {
        self->outcome_updating = TRUE;
        gtk_drop_down_set_selected (self->outcome_dropdown, i);
        self->outcome_updating = FALSE;
      }
  /* The tornado redraws with the new outcome; the list follows. */
  _strata_window_build_request (self, &request);
  if (self->tornado_view != NULL)
    strata_chart_view_set_request (self->tornado_view, request.dataset != NULL ? &request : NULL);
  self->switches_stale = TRUE;
  if (self->switches_running && self->switches_cancellable != NULL)
    g_cancellable_cancel (self->switches_cancellable);
  _strata_window_update_switches (self, 0);
}

/* When the Uncertainty page is built (strata-window-pages.c). */
void
_strata_window_init_switches (StrataWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = _strata_ellipsizing_factory_new ();

  gtk_drop_down_set_factory (self->outcome_dropdown, factory);
  g_signal_connect_object (self->outcome_dropdown, "notify::selected",
                           G_CALLBACK (on_outcome_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->switches_list, "row-activated",
                           G_CALLBACK (on_row_activated_cb), self, G_CONNECT_SWAPPED);
  outcome_rebuild (self);
}

void
_strata_window_dispose_switches (StrataWindow *self)
{
  /* A run under way stops at its next field; its result is dropped. */
  self->switches_disposed = TRUE;
  g_clear_handle_id (&self->switches_tick, g_source_remove);
  switches_stop_fill (self);
  if (self->switches_cancellable != NULL)
    g_cancellable_cancel (self->switches_cancellable);
  g_clear_object (&self->switches_cancellable);
}

gboolean
_strata_window_get_switches_state (StrataWindow *self,
                                   guint        *started,
                                   guint        *computed,
                                   double       *seconds)
{
  g_return_val_if_fail (STRATA_IS_WINDOW (self), FALSE);

  if (started != NULL)
    *started = self->switches_started;
  if (computed != NULL)
    *computed = self->switches_computed;
  if (seconds != NULL)
    *seconds = self->switches_seconds;
  /* Running until its rows are all made. */
  return self->switches_running || self->switches_fill != 0;
}
