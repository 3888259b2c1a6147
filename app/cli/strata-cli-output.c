/* strata-cli-output.c: what the tables, CSV and JSON of strata-cli share
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <strata/strata-format.h>
#include <strata/strata-model.h>
#include <strata/strata-uncertainty.h>

#include "strata-cli-private.h"

/* ------------------------------------------------------------------------
 * Output helpers
 * ------------------------------------------------------------------------ */

void
_strata_cli_append_json_number (GString *out,
                                double   value)
{
  char buf[STRATA_NUMBER_BUF_SIZE];

  g_string_append (out, strata_format_json_number (value, buf));
}

void
_strata_cli_append_json_number_or_null (GString *out,
                                        double   value)
{
  if (isfinite (value))
    _strata_cli_append_json_number (out, value);
  else
    g_string_append (out, "null");
}

void
_strata_cli_append_json_key (GString    *out,
                             const char *key)
{
  strata_append_json_string (out, key);
  g_string_append (out, ": ");
}

void
_strata_cli_append_json_opening (GString             *out,
                                 const StrataDataset *dataset,
                                 StrataObjective      objective)
{
  g_string_append (out, "{\n  ");
  _strata_cli_append_json_key (out, "dataset");
  strata_append_json_string (out, dataset->title);
  g_string_append (out, ",\n  ");
  _strata_cli_append_json_key (out, "objective");
  strata_append_json_string (out, strata_objective_to_string (objective));
  g_string_append (out, ",\n  ");
}

void
_strata_cli_append_csv_number (GString *out,
                               double   value)
{
  char buf[STRATA_NUMBER_BUF_SIZE];

  /* A non-finite figure is an empty field, never "null" or "nan". */
  if (isfinite (value))
    g_string_append (out, strata_format_json_number (value, buf));
}

const char *
_strata_cli_csv_row_end (void)
{
  /* RFC 4180 ends records with CRLF. */
  return "\r\n";
}

char *
_strata_cli_format_range (const StrataDataset *dataset)
{
  g_autofree char *min = strata_format_volume (dataset->volume_min);
  g_autofree char *max = strata_format_volume (dataset->volume_max);

  return g_strdup_printf ("[%s, %s]", min, max);
}

void
_strata_cli_append_table_header (GString             *out,
                                 const StrataDataset *dataset)
{
  g_autofree char *min = strata_format_volume (dataset->volume_min);
  g_autofree char *max = strata_format_volume (dataset->volume_max);
  g_autofree char *def = strata_format_volume (dataset->volume_default);
  g_autofree char *units = strata_format_unit_plural (dataset->unit);

  g_string_append_printf (out, "%s\n", dataset->title);
  /* Translators: the dataset's unit and currency (its "unit" and "currency") */
  g_string_append_printf (out, _("Unit: %s · currency: %s"), dataset->unit, dataset->currency);
  if (dataset->has_price)
    {
      g_autofree char *price = strata_format_money (dataset->price, dataset->currency);
      g_autofree char *per = strata_format_unit_singular (dataset->unit);

      /* Translators: the dataset's "price" and its unit, e.g. " · price: $70.00 per order" */
      g_string_append_printf (out, _(" · price: %s per %s"), price, per);
    }
  g_string_append_c (out, '\n');
  /* The volume in the dataset's unit, as the charts' axes name it
   * ("orders per year"; the tables' columns say "orders/yr"). */
  if (dataset->volume_min == dataset->volume_max)
    /* Translators: the dataset's unit and its one volume (volume.min = volume.max),
     * e.g. "Volume: orders per year, 5 k (a single volume)" */
    g_string_append_printf (out, _("Volume: %s per year, %s (a single volume)"), units, min);
  else
    /* Translators: the dataset's unit, its volume.min, volume.max and volume.default,
     * e.g. "Volume: orders per year, 1 M to 3 B (default 300 M)" */
    g_string_append_printf (out, _("Volume: %s per year, %s to %s (default %s)"), units, min, max,
                            def);
  g_string_append (out, "\n\n");
}

/* "Objective: effective (...)", the line every table that depends on the
 * objective prints under its header. */
void
_strata_cli_append_objective_line (GString         *out,
                                   StrataObjective  objective)
{
  /* Translators: the objective's id ("effective" or "cash", never
   * translated) and what it ranks by; unit_cost, effective_unit_cost and
   * ecosystem_value are keys of the file format, keep them as they are */
  g_string_append_printf (out, _("Objective: %s (%s)"), strata_objective_to_string (objective),
                          objective == STRATA_OBJECTIVE_CASH
                          ? _("least unit_cost; ecosystem value ignored")
                          : _("least effective_unit_cost = unit_cost - ecosystem_value"));
  g_string_append (out, "\n\n");
}

gboolean
_strata_cli_volume_in_range (const StrataDataset *dataset,
                             double               volume)
{
  return volume >= dataset->volume_min && volume <= dataset->volume_max;
}

/* Lists the ids a user could have meant, for usage messages. */
static char *
strategy_ids (const StrataDataset *dataset)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < dataset->n_strategies; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? ", " : "", dataset->strategies[i].id);
  return g_string_free (out, FALSE);
}

const StrataStrategy *
_strata_cli_find_strategy_or_complain (const StrataDataset *dataset,
                                       const char          *command,
                                       const char          *id,
                                       int                 *status)
{
  const StrataStrategy *strategy = strata_dataset_find_strategy (dataset, id);

  if (strategy == NULL)
    {
      g_autofree char *known = strategy_ids (dataset);
      *status = _strata_cli_usage_error (command,
                                         _("unknown strategy “%s” in %s (it has: %s)"),
                                         id, dataset->filename ? dataset->filename : _("the dataset"),
                                         known);
    }
  return strategy;
}

/* ------------------------------------------------------------------------
 * Progress on a terminal
 * ------------------------------------------------------------------------ */

#define PROGRESS_AFTER_US   (500 * G_TIME_SPAN_MILLISECOND)
#define PROGRESS_EVERY_US   (200 * G_TIME_SPAN_MILLISECOND)

void
_strata_cli_progress_init (StrataCliProgress *progress,
                           const char        *command)
{
  const char *env = g_getenv ("STRATA_CLI_PROGRESS");

  memset (progress, 0, sizeof *progress);
  g_mutex_init (&progress->lock);
  progress->command = command;
  progress->forced = g_strcmp0 (env, "1") == 0;
  progress->on = progress->forced || (g_strcmp0 (env, "0") != 0 && isatty (STDERR_FILENO));
  progress->start = g_get_monotonic_time ();
}

/* A StrataProgressFunc; from any thread. */
void
_strata_cli_progress_cb (double   fraction,
                         gpointer data)
{
  StrataCliProgress *progress = data;
  gint64 now = g_get_monotonic_time ();

  if (!progress->on)
    return;
  g_mutex_lock (&progress->lock);
  if (progress->forced ||
      (now - progress->start >= PROGRESS_AFTER_US && now - progress->last >= PROGRESS_EVERY_US))
    {
      double elapsed = (double) (now - progress->start) / G_USEC_PER_SEC;
      g_autofree char *left = elapsed >= 3 && fraction > 0 && fraction < 1
                              ? strata_format_time_left (elapsed * (1 - fraction) / fraction) : NULL;
      int percent = (int) (CLAMP (fraction, 0.0, 1.0) * 100);
      /* Translators: the subcommand, then a percentage done */
      g_autofree char *line = left == NULL ? g_strdup_printf (_("strata-cli %s: %d %%"), progress->command, percent)
                              /* Translators: the subcommand, a percentage done, then
                               * its time left ("about 3 minutes left") */
                              : g_strdup_printf (_("strata-cli %s: %d %% (%s)"), progress->command, percent, left);
      gsize width = strlen (line);

      /* Back to the line's start, then the line, clearing what a longer
       * one left. */
      fprintf (stderr, "\r%s%s", line, width < progress->width ? "\033[K" : "");
      fflush (stderr);
      progress->shown = TRUE;
      progress->last = now;
      progress->width = width;
    }
  g_mutex_unlock (&progress->lock);
}

/* Clears the line, if one was shown. */
void
_strata_cli_progress_end (StrataCliProgress *progress)
{
  if (progress->shown)
    {
      fputs ("\r\033[K", stderr);
      fflush (stderr);
    }
  g_mutex_clear (&progress->lock);
}
