/* strata-switchpoints.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-uncertainty"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "strata/strata-switchpoints.h"

#include "strata-uncertainty-private.h"

/*
 * Switch points (MODEL.md section 6) on a sample: a copy of the dataset
 * whose numbers can be set (strata-uncertainty.c).  Each field in turn
 * takes values on a log-spaced walk from today's value out to each end of
 * its range (GRID_STEPS steps a side); where the decision differs between
 * two neighbours, bisection in log value on the exact model (the
 * optimizer, or the two strategies' costs) narrows the switch to 1e-9
 * relative, and the walk goes on from just beyond it, so several switches
 * between two neighbours are all found as long as the decisions differ at
 * the neighbours.
 */

#define GRID_STEPS 48

/* An option's fields of section 3, in the order of the header. */
typedef enum
{
  FOR_ANY,
  FOR_NEUTRAL_SUPPLIER_COST,
  FOR_NEUTRAL_PRICE,
  FOR_NEUTRAL,
  FOR_INTEGRATED,
} For;

typedef struct
{
  const char *key;
  gsize       offset;
  For         applies;
  gboolean    fraction;  /* 0 <= x < 1 */
} OptionField;

static const OptionField option_fields[] = {
  { "supplier_cost",    G_STRUCT_OFFSET (StrataOption, supplier_cost),    FOR_NEUTRAL_SUPPLIER_COST, FALSE },
  { "price",            G_STRUCT_OFFSET (StrataOption, price),            FOR_NEUTRAL_PRICE,         FALSE },
  { "margin",           G_STRUCT_OFFSET (StrataOption, margin),           FOR_NEUTRAL,               TRUE },
  { "unit_cost",        G_STRUCT_OFFSET (StrataOption, unit_cost),        FOR_INTEGRATED,            FALSE },
  { "learning_rate",    G_STRUCT_OFFSET (StrataOption, learning_rate),    FOR_INTEGRATED,            TRUE },
  { "reference_volume", G_STRUCT_OFFSET (StrataOption, reference_volume), FOR_INTEGRATED,            FALSE },
  { "floor_cost",       G_STRUCT_OFFSET (StrataOption, floor_cost),       FOR_INTEGRATED,            FALSE },
  { "fixed_cost",       G_STRUCT_OFFSET (StrataOption, fixed_cost),       FOR_ANY,                   FALSE },
  { "ecosystem_value",  G_STRUCT_OFFSET (StrataOption, ecosystem_value),  FOR_ANY,                   FALSE },
  { "latency_ms",       G_STRUCT_OFFSET (StrataOption, latency_ms),       FOR_ANY,                   FALSE },
};

static gboolean
applies (const OptionField  *field,
         const StrataOption *option)
{
  switch (field->applies)
    {
    case FOR_ANY:
      return TRUE;
    case FOR_NEUTRAL_SUPPLIER_COST:
      return option->mode == STRATA_MODE_NEUTRAL && !option->has_price;
    case FOR_NEUTRAL_PRICE:
      return option->mode == STRATA_MODE_NEUTRAL && option->has_price;
    case FOR_NEUTRAL:
      return option->mode == STRATA_MODE_NEUTRAL;
    case FOR_INTEGRATED:
      return option->mode == STRATA_MODE_INTEGRATED;
    default:
      g_assert_not_reached ();
    }
}

const char *
strata_switch_reason_text (StrataSwitchReason reason)
{
  switch (reason)
    {
    case STRATA_SWITCH_HAS_SWITCH:   return "it switches the decision";
    case STRATA_SWITCH_HOLDS:        return "the decision holds across its whole range";
    case STRATA_SWITCH_ZERO:         return "its value is 0, so a tenth to ten times it is still 0";
    case STRATA_SWITCH_LATENCY_ONLY: return "it only affects latency";
    case STRATA_SWITCH_MARGIN_ONLY:  return "the price is given: it only moves the supplier's margin";
    case STRATA_SWITCH_NOT_COUNTED:  return "the cash objective does not count ecosystem value";
    case STRATA_SWITCH_TOP_LAYER:    return "the top layer has no interface above it";
    case STRATA_SWITCH_OVERRIDDEN:   return "every interface has a boundary cost of its own";
    case STRATA_SWITCH_NOT_CHOSEN:   return "neither strategy runs its option or link";
    default:                         return "";
    }
}

const char *
strata_switch_reason_short (StrataSwitchReason reason)
{
  switch (reason)
    {
    case STRATA_SWITCH_HAS_SWITCH:   return "switches";
    case STRATA_SWITCH_HOLDS:        return "holds";
    case STRATA_SWITCH_ZERO:         return "zero";
    case STRATA_SWITCH_LATENCY_ONLY: return "latency only";
    case STRATA_SWITCH_MARGIN_ONLY:  return "margin only";
    case STRATA_SWITCH_NOT_COUNTED:  return "not counted";
    case STRATA_SWITCH_TOP_LAYER:    return "top layer";
    case STRATA_SWITCH_OVERRIDDEN:   return "overridden";
    case STRATA_SWITCH_NOT_CHOSEN:   return "not chosen";
    default:                         return "";
    }
}

/* ------------------------------------------------------------------ */

typedef struct
{
  StrataSwitchPoints *points;
  StrataSample        sample;
  double            **slots;     /* per field: the number in the sample */
  guint               n_dec;     /* guints per decision */
  guint              *choices;   /* scratch */
} Finder;

static void
field_clear (gpointer data)
{
  StrataSwitchField *field = data;

  g_clear_pointer (&field->path, g_free);
  g_clear_pointer (&field->label, g_free);
}

static void
switch_clear (gpointer data)
{
  StrataSwitch *sw = data;

  g_clear_pointer (&sw->before, g_free);
  g_clear_pointer (&sw->after, g_free);
}

static const char *
name_of (const char *name,
         const char *id)
{
  return name != NULL && name[0] != '\0' ? name : id;
}

/* Appends a field whose number lives at @slot in the sample. */
static StrataSwitchField *
add_field (Finder                *finder,
           GPtrArray             *slots,
           StrataSwitchFieldKind  kind,
           const char            *key,
           double                *slot,
           gboolean               fraction)
{
  StrataSwitchField field = { 0 };
  double value = *slot;

  field.kind = kind;
  field.field = key;
  field.value = value;
  field.range_low = value / 10;
  field.range_high = value * 10;
  if (fraction && field.range_high >= 1)
    field.range_high = nextafter (1.0, 0.0);
  field.reason = STRATA_SWITCH_HAS_SWITCH;
  g_array_append_val (finder->points->fields, field);
  g_ptr_array_add (slots, slot);
  return &g_array_index (finder->points->fields, StrataSwitchField,
                         finder->points->fields->len - 1);
}

static void
add_option_fields (Finder    *finder,
                   GPtrArray *slots,
                   guint      l,
                   guint      o)
{
  StrataLayer *layer = &finder->sample.layers[l];
  StrataOption *option = &layer->options[o];

  for (guint f = 0; f < G_N_ELEMENTS (option_fields); f++)
    {
      StrataNumber *number = &G_STRUCT_MEMBER (StrataNumber, option, option_fields[f].offset);
      StrataSwitchField *field;

      if (!applies (&option_fields[f], option))
        continue;
      field = add_field (finder, slots, STRATA_SWITCH_FIELD_OPTION, option_fields[f].key,
                         &number->value, option_fields[f].fraction);
      field->layer = l;
      field->option = o;
      field->path = g_strdup_printf ("layers.%s.options.%s.%s", layer->id, option->id,
                                     option_fields[f].key);
      field->label = g_strdup_printf ("%s / %s: %s", name_of (layer->name, layer->id),
                                      name_of (option->name, option->id), option_fields[f].key);
      field->sources = (const char *const *) option->sources;
      field->uncertain = number->uncertain;
      field->low = number->low;
      field->high = number->high;
    }
}

/* Every field of the dataset in the order of the header. */
static GPtrArray *
collect_fields (Finder *finder)
{
  StrataDataset *copy = &finder->sample.copy;
  GPtrArray *slots = g_ptr_array_new ();
  StrataSwitchField *field;

  field = add_field (finder, slots, STRATA_SWITCH_FIELD_BOUNDARY, "boundary_cost",
                     &copy->boundary_cost, FALSE);
  field->path = g_strdup ("boundary_cost");
  field->label = g_strdup ("Market interface: boundary_cost");

  for (guint l = 0; l < copy->n_layers; l++)
    {
      StrataLayer *layer = &finder->sample.layers[l];

      if (layer->has_boundary_cost)
        {
          field = add_field (finder, slots, STRATA_SWITCH_FIELD_LAYER_BOUNDARY, "boundary_cost",
                             &layer->boundary_cost, FALSE);
          field->layer = l;
          field->path = g_strdup_printf ("layers.%s.boundary_cost", layer->id);
          field->label = g_strdup_printf ("%s: boundary_cost", name_of (layer->name, layer->id));
          field->sources = (const char *const *) layer->sources;
        }
      for (guint o = 0; o < layer->n_options; o++)
        add_option_fields (finder, slots, l, o);
    }

  for (guint k = 0; k < copy->n_links; k++)
    {
      StrataLink *link = &finder->sample.links[k];
      const StrataLayer *from = &copy->layers[link->from], *to = &copy->layers[link->to];

      field = add_field (finder, slots, STRATA_SWITCH_FIELD_LINK, "saving",
                         &link->saving.value, TRUE);
      field->link = k;
      field->path = g_strdup_printf ("links.%u.saving", k);
      field->label = g_strdup_printf ("Link %s \xE2\x86\x92 %s: saving",
                                      name_of (from->name, from->id), name_of (to->name, to->id));
      field->sources = (const char *const *) link->sources;
      field->uncertain = link->saving.uncertain;
      field->low = link->saving.low;
      field->high = link->saving.high;
    }
  return slots;
}

/* ------------------------------------------------------------------ */

static StrataSwitchCheaper
cheaper_of (double a,
            double b)
{
  if (!isfinite (a) || !isfinite (b) ||
      fabs (a - b) <= STRATA_CHEAPER_TOLERANCE * (fabs (a) + fabs (b)))
    return STRATA_SWITCH_EQUAL;
  return a < b ? STRATA_SWITCH_A_CHEAPER : STRATA_SWITCH_B_CHEAPER;
}

/* The decision with the sample's numbers as they are now, into @out
 * (n_dec guints). */
static void
decide_now (Finder *finder,
            guint  *out)
{
  const StrataSwitchPoints *points = finder->points;
  const StrataDataset *copy = &finder->sample.copy;

  if (points->a == NULL)
    {
      strata_optimize_full (copy, points->objective, points->volume, out);
      return;
    }
  out[0] = (guint) (1 + cheaper_of (strata_strategy_cost (copy, points->a, points->objective,
                                                          points->volume),
                                    strata_strategy_cost (copy, points->b, points->objective,
                                                          points->volume)));
}

static void
decide (Finder *finder,
        guint   field,
        double  value,
        guint  *out)
{
  double *slot = finder->slots[field];
  double keep = *slot;

  *slot = value;
  decide_now (finder, out);
  *slot = keep;
}

static gboolean
same (const Finder *finder,
      const guint  *x,
      const guint  *y)
{
  return memcmp (x, y, sizeof (guint) * finder->n_dec) == 0;
}

static void
add_switch (Finder      *finder,
            guint        field,
            double       at,
            const guint *before,
            const guint *after)
{
  StrataSwitchPoints *points = finder->points;
  const StrataSwitchField *f = &g_array_index (points->fields, StrataSwitchField, field);
  StrataSwitch sw = { 0 };

  sw.field = field;
  sw.value = f->value;
  sw.at = at;
  sw.ratio = at / f->value;
  sw.within_uncertainty = f->uncertain && at >= f->low && at <= f->high;
  if (points->a == NULL)
    {
      sw.before = g_memdup2 (before, sizeof (guint) * finder->n_dec);
      sw.after = g_memdup2 (after, sizeof (guint) * finder->n_dec);
    }
  else
    {
      sw.before_cheaper = (StrataSwitchCheaper) ((int) before[0] - 1);
      sw.after_cheaper = (StrataSwitchCheaper) ((int) after[0] - 1);
    }
  g_array_append_val (points->switches, sw);
}

/* The walk from today's value to @end: every switch on the way.
 * Returns how many were found. */
static guint
walk (Finder *finder,
      guint   field,
      double  end)
{
  const StrataSwitchField *f = &g_array_index (finder->points->fields, StrataSwitchField, field);
  double value = f->value, log_span = log (end / value);
  guint n = finder->n_dec, found = 0;
  g_autofree guint *d_near = g_new (guint, n);
  g_autofree guint *d_next = g_new (guint, n);
  g_autofree guint *d_mid = g_new (guint, n);
  g_autofree guint *d_try = g_new (guint, n);
  double near = value, at, last_at = value;

  if (!(end != value && isfinite (log_span)))
    return 0;
  decide (finder, field, value, d_near);
  for (guint k = 1; k <= GRID_STEPS; k++)
    {
      double next = k == GRID_STEPS ? end : value * exp (log_span * k / GRID_STEPS);

      decide (finder, field, next, d_next);
      while (!same (finder, d_near, d_next))
        {
          double lo = near, hi = next;

          /* lo keeps d_near; hi does not. */
          memcpy (d_mid, d_next, sizeof (guint) * n);
          while (fabs (hi / lo - 1.0) > STRATA_VOLUME_PRECISION / 2)
            {
              double mid = sqrt (lo * hi);

              if (mid == lo || mid == hi)
                break;
              decide (finder, field, mid, d_try);
              if (same (finder, d_try, d_near))
                lo = mid;
              else
                {
                  hi = mid;
                  memcpy (d_mid, d_try, sizeof (guint) * n);
                }
            }
          at = sqrt (lo * hi);
          if (found > 0 && fabs (at / last_at - 1.0) <= 2 * STRATA_VOLUME_PRECISION)
            {
              /* A decision held only within the precision (an exact tie
               * between two others): one switch, from the first to the
               * last. */
              StrataSwitch *last = &g_array_index (finder->points->switches, StrataSwitch,
                                                   finder->points->switches->len - 1);

              if (last->after != NULL)
                memcpy (last->after, d_mid, sizeof (guint) * n);
              else
                last->after_cheaper = (StrataSwitchCheaper) ((int) d_mid[0] - 1);
              if (last->after != NULL ? memcmp (last->before, last->after, sizeof (guint) * n) == 0
                                      : last->before_cheaper == last->after_cheaper)
                {
                  /* ... back where it was: no switch at all. */
                  g_array_set_size (finder->points->switches, finder->points->switches->len - 1);
                  found--;
                }
            }
          else
            {
              add_switch (finder, field, at, d_near, d_mid);
              last_at = at;
              found++;
            }
          near = hi;
          memcpy (d_near, d_mid, sizeof (guint) * n);
        }
      near = next;
    }
  return found;
}

/* ------------------------------------------------------------------ */

/* Whether A or B runs (layer, option) at any value of the field (the
 * fixed sides read their choices; an optimal side always may). */
static gboolean
pair_may_run (const StrataSwitchPoints *points,
              const StrataDataset      *dataset,
              const StrataSwitchField  *f)
{
  const StrataStrategy *sides[2] = { points->a, points->b };

  for (guint s = 0; s < 2; s++)
    {
      const guint *c = sides[s]->choices;

      if (c == NULL)
        return TRUE;
      if (f->kind == STRATA_SWITCH_FIELD_OPTION && c[f->layer] == f->option)
        return TRUE;
      if (f->kind == STRATA_SWITCH_FIELD_LINK)
        {
          const StrataLink *link = &dataset->links[f->link];

          if (dataset->layers[link->from].options[c[link->from]].mode == STRATA_MODE_INTEGRATED &&
              dataset->layers[link->to].options[c[link->to]].mode == STRATA_MODE_INTEGRATED)
            return TRUE;
        }
    }
  return FALSE;
}

/* The exact reason a field cannot move the decision, or HAS_SWITCH when
 * it may (then the walk decides). */
static StrataSwitchReason
reason_before_walk (const StrataSwitchPoints *points,
                    const StrataDataset      *dataset,
                    const StrataSwitchField  *f)
{
  if (!(f->value > 0))
    return STRATA_SWITCH_ZERO;
  if (g_str_equal (f->field, "latency_ms"))
    return STRATA_SWITCH_LATENCY_ONLY;
  if (f->kind == STRATA_SWITCH_FIELD_OPTION)
    {
      const StrataOption *option = &dataset->layers[f->layer].options[f->option];

      if (g_str_equal (f->field, "margin") && option->has_price)
        return STRATA_SWITCH_MARGIN_ONLY;
      if (g_str_equal (f->field, "ecosystem_value") && points->objective == STRATA_OBJECTIVE_CASH)
        return STRATA_SWITCH_NOT_COUNTED;
    }
  if (f->kind == STRATA_SWITCH_FIELD_LAYER_BOUNDARY && f->layer + 1 == dataset->n_layers)
    return STRATA_SWITCH_TOP_LAYER;
  if (f->kind == STRATA_SWITCH_FIELD_BOUNDARY)
    {
      gboolean used = FALSE;

      for (guint l = 0; l + 1 < dataset->n_layers; l++)
        used |= !dataset->layers[l].has_boundary_cost;
      if (!used)
        return dataset->n_layers > 1 ? STRATA_SWITCH_OVERRIDDEN : STRATA_SWITCH_TOP_LAYER;
    }
  if (points->a != NULL && (f->kind == STRATA_SWITCH_FIELD_OPTION ||
                            f->kind == STRATA_SWITCH_FIELD_LINK) &&
      !pair_may_run (points, dataset, f))
    return STRATA_SWITCH_NOT_CHOSEN;
  return STRATA_SWITCH_HAS_SWITCH;
}

static int
compare_switches (gconstpointer x,
                  gconstpointer y)
{
  const StrataSwitch *a = x, *b = y;
  double da = fabs (log (a->ratio)), db = fabs (log (b->ratio));

  if (da != db)
    return da < db ? -1 : 1;
  if (a->field != b->field)
    return a->field < b->field ? -1 : 1;
  return a->at < b->at ? -1 : a->at > b->at ? 1 : 0;
}

StrataSwitchPoints *
strata_switch_points_find (const StrataDataset  *dataset,
                           double                volume,
                           StrataObjective       objective,
                           const StrataStrategy *a,
                           const StrataStrategy *b,
                           GError              **error)
{
  g_autoptr(StrataSwitchPoints) points = NULL;
  g_autoptr(GPtrArray) slots = NULL;
  Finder finder = { 0 };

  g_return_val_if_fail (dataset != NULL, NULL);

  if (!(volume > 0 && isfinite (volume)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "the volume must be a positive number");
      return NULL;
    }
  if ((a == NULL) != (b == NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "switch points of a pair need both strategies");
      return NULL;
    }
  if (dataset->n_layers == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "the dataset has no layers");
      return NULL;
    }

  points = g_new0 (StrataSwitchPoints, 1);
  points->volume = volume;
  points->objective = objective;
  points->a = a;
  points->b = b;
  points->n_layers = dataset->n_layers;
  points->fields = g_array_new (FALSE, TRUE, sizeof (StrataSwitchField));
  g_array_set_clear_func (points->fields, field_clear);
  points->switches = g_array_new (FALSE, TRUE, sizeof (StrataSwitch));
  g_array_set_clear_func (points->switches, switch_clear);
  points->robust = g_array_new (FALSE, FALSE, sizeof (guint));

  finder.points = points;
  finder.n_dec = a == NULL ? dataset->n_layers : 1;
  _strata_sample_init (&finder.sample, dataset);
  slots = collect_fields (&finder);
  finder.slots = (double **) slots->pdata;

  {
    g_autofree guint *today = g_new (guint, finder.n_dec);

    decide_now (&finder, today);
    if (a == NULL)
      points->today = g_steal_pointer (&today);
    else
      points->today_cheaper = (StrataSwitchCheaper) ((int) today[0] - 1);
  }

  for (guint i = 0; i < points->fields->len; i++)
    {
      StrataSwitchField *f = &g_array_index (points->fields, StrataSwitchField, i);
      guint found = 0;

      f->reason = reason_before_walk (points, dataset, f);
      if (f->reason == STRATA_SWITCH_HAS_SWITCH)
        {
          found += walk (&finder, i, f->range_high);
          found += walk (&finder, i, f->range_low);
          if (found == 0)
            f->reason = STRATA_SWITCH_HOLDS;
        }
      if (f->reason != STRATA_SWITCH_HAS_SWITCH)
        g_array_append_val (points->robust, i);
    }
  _strata_sample_clear (&finder.sample);

  g_array_sort (points->switches, compare_switches);
  return g_steal_pointer (&points);
}

StrataSwitchCheaper
strata_switch_points_decide (const StrataDataset      *dataset,
                             const StrataSwitchPoints *points,
                             guint                     field,
                             double                    value,
                             guint                    *choices)
{
  g_autoptr(GPtrArray) slots = NULL;
  g_autoptr(GArray) fields = g_array_new (FALSE, TRUE, sizeof (StrataSwitchField));
  StrataSwitchPoints shadow = *points;
  Finder finder = { 0 };
  guint decision[1] = { 1 };

  g_return_val_if_fail (field < points->fields->len, STRATA_SWITCH_EQUAL);

  g_array_set_clear_func (fields, field_clear);
  shadow.fields = fields;
  finder.points = &shadow;
  finder.n_dec = points->a == NULL ? dataset->n_layers : 1;
  _strata_sample_init (&finder.sample, dataset);
  slots = collect_fields (&finder);
  finder.slots = (double **) slots->pdata;
  decide (&finder, field, value, points->a == NULL ? choices : decision);
  _strata_sample_clear (&finder.sample);
  return points->a == NULL ? STRATA_SWITCH_EQUAL : (StrataSwitchCheaper) ((int) decision[0] - 1);
}

void
strata_switch_points_free (StrataSwitchPoints *points)
{
  if (points == NULL)
    return;
  g_clear_pointer (&points->today, g_free);
  g_clear_pointer (&points->fields, g_array_unref);
  g_clear_pointer (&points->switches, g_array_unref);
  g_clear_pointer (&points->robust, g_array_unref);
  g_free (points);
}
