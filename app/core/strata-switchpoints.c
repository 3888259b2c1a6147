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

#include "strata/strata-horizon.h"
#include "strata/strata-switchpoints.h"

#include "strata-model-private.h"
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

/* savings_npv: how close to 1 a fraction (a margin, a saving, the
 * discount rate) goes: at 1 - 1e-9 a price is a billion times its
 * supplier's cost, and the NPVs' rounding (1e-16 of them) still lies far
 * below any saving worth naming. */
#define SAVINGS_FRACTION_GAP 1e-9

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
    case STRATA_SWITCH_NOT_SWITCHED: return "the plan neither adopts nor leaves its option";
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
    case STRATA_SWITCH_NOT_SWITCHED: return "not switched";
    default:                         return "";
    }
}

/* ------------------------------------------------------------------ */

typedef struct
{
  StrataSwitchPoints *points;
  StrataSample        sample;
  double            **slots;     /* per field: the number in the sample (NULL: an integer) */
  guint             **ints;      /* per field: the integer in the sample, or NULL */
  GPtrArray          *int_slots; /* (owned) what ints points into */
  guint               n_dec;     /* guints per decision */
  guint              *choices;   /* scratch */
  StrataJob          *job;       /* (nullable) cancellation */
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
  double value = slot != NULL ? *slot : 0;

  field.kind = kind;
  field.field = key;
  field.value = value;
  field.range_low = value / 10;
  field.range_high = value * 10;
  if (fraction && field.range_high >= 1)
    field.range_high = nextafter (1.0, 0.0);
  if (fraction && finder->points->savings && field.range_high > 1 - SAVINGS_FRACTION_GAP)
    {
      /* savings_npv sums money over years: a margin a hair below 1 makes a
       * price so large that the savings drown in its rounding. */
      field.range_high = MAX (value, 1 - SAVINGS_FRACTION_GAP);
    }
  if (value < 0)
    {
      /* A negative growth: from ten times it (above -1) to a tenth. */
      field.range_low = MAX (value * 10, nextafter (-1.0, 0.0));
      field.range_high = value / 10;
    }
  field.reason = STRATA_SWITCH_HAS_SWITCH;
  g_array_append_val (finder->points->fields, field);
  g_ptr_array_add (slots, slot);
  g_ptr_array_add (finder->int_slots, NULL);
  return &g_array_index (finder->points->fields, StrataSwitchField,
                         finder->points->fields->len - 1);
}

static StrataSwitchField *
add_option_field (Finder      *finder,
                  GPtrArray   *slots,
                  guint        l,
                  guint        o,
                  const char  *key,
                  double      *slot)
{
  StrataLayer *layer = &finder->sample.layers[l];
  StrataOption *option = &layer->options[o];
  StrataSwitchField *field = add_field (finder, slots, STRATA_SWITCH_FIELD_OPTION, key, slot, FALSE);

  field->layer = l;
  field->option = o;
  field->path = g_strdup_printf ("layers.%s.options.%s.%s", layer->id, option->id, key);
  field->label = g_strdup_printf ("%s / %s: %s", name_of (layer->name, layer->id),
                                  name_of (option->name, option->id), key);
  field->sources = (const char *const *) option->sources;
  return field;
}

/* An option's fields of MODEL.md 8, for savings_npv: capex, build_years
 * (an integer: its slot is in ints), exit_cost, and with cumulative
 * learning an integrated option's experience. */
static void
add_option_horizon_fields (Finder    *finder,
                           GPtrArray *slots,
                           guint      l,
                           guint      o)
{
  StrataOption *option = &finder->sample.layers[l].options[o];
  const StrataHorizon *h = finder->sample.copy.horizon;
  StrataNumber *numbers[2] = { &option->capex, &option->exit_cost };
  const char *keys[2] = { "capex", "exit_cost" };
  StrataSwitchField *field;

  for (guint k = 0; k < 2; k++)
    {
      field = add_option_field (finder, slots, l, o, keys[k], &numbers[k]->value);
      field->uncertain = numbers[k]->uncertain;
      field->low = numbers[k]->low;
      field->high = numbers[k]->high;
      if (k == 0)
        {
          /* build_years, between capex and exit_cost as in the file format:
           * whole years, and short enough to run within the horizon. */
          field = add_option_field (finder, slots, l, o, "build_years", NULL);
          g_ptr_array_index (finder->int_slots, finder->int_slots->len - 1) = &option->build_years;
          field->value = option->build_years;
          field->range_low = ceil (field->value / 10);
          field->range_high = MIN (field->value * 10, (double) MIN (STRATA_MAX_BUILD_YEARS,
                                                                    h->years - 1));
        }
    }
  if (h->learning == STRATA_LEARNING_CUMULATIVE && option->mode == STRATA_MODE_INTEGRATED)
    add_option_field (finder, slots, l, o, "experience", &option->experience);
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
  if (finder->points->savings)
    add_option_horizon_fields (finder, slots, l, o);
}

/* The horizon's rates, for savings_npv: discount_rate, and the volume's
 * first and growth unless the volumes are listed. */
static void
add_horizon_fields (Finder    *finder,
                    GPtrArray *slots)
{
  StrataHorizon *h = finder->sample.horizon;
  StrataNumber *numbers[3] = { &h->discount_rate, &h->volume_first, &h->volume_growth };
  const char *keys[3] = { "discount_rate", "volume.first", "volume.growth" };

  for (guint k = 0; k < (h->volume_listed ? 1u : 3u); k++)
    {
      StrataSwitchField *field = add_field (finder, slots, STRATA_SWITCH_FIELD_HORIZON, keys[k],
                                            &numbers[k]->value, k == 0);

      field->path = g_strdup_printf ("horizon.%s", keys[k]);
      field->label = g_strdup_printf ("Horizon: %s", keys[k]);
      field->uncertain = numbers[k]->uncertain;
      field->low = numbers[k]->low;
      field->high = numbers[k]->high;
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
  if (finder->points->savings)
    add_horizon_fields (finder, slots);
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

/* The sign of savings_npv of adopting A now against the start plan on
 * the sample as it is now: A cheaper when the savings are positive.  A
 * value at which A cannot be adopted (its option would not run within
 * the horizon) keeps the start plan: B. */
static StrataSwitchCheaper
savings_sign (Finder *finder)
{
  const StrataDataset *copy = &finder->sample.copy;
  StrataHorizonObjective objective = finder->points->objective == STRATA_OBJECTIVE_CASH
                                     ? STRATA_HORIZON_CASH : STRATA_HORIZON_EFFECTIVE;
  guint n = MAX (copy->n_layers, 1);
  g_autofree guint *choices = g_new (guint, n);
  g_autofree StrataLayerPlan *adopt = g_new (StrataLayerPlan, n);
  g_autofree StrataLayerPlan *never = g_new (StrataLayerPlan, n);
  double v0 = copy->horizon->volume_listed ? copy->horizon->volumes[0]
                                           : copy->horizon->volume_first.value;

  strata_strategy_resolve (copy, finder->points->a, v0, choices);
  if (!strata_roadmap_adopt (copy, choices, adopt, NULL))
    return STRATA_SWITCH_B_CHEAPER;
  strata_horizon_start_choices (copy, choices);
  for (guint l = 0; l < copy->n_layers; l++)
    {
      never[l].option = choices[l];
      never[l].decide_year = -1;
    }
  return cheaper_of (strata_plan_npv (copy, adopt, objective),
                     strata_plan_npv (copy, never, objective));
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
  if (points->savings)
    {
      out[0] = (guint) (1 + savings_sign (finder));
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
  guint *whole = finder->ints[field];
  double keep;
  guint keep_whole;

  if (whole != NULL)
    {
      keep_whole = *whole;
      *whole = (guint) value;
      decide_now (finder, out);
      *whole = keep_whole;
      return;
    }
  keep = *slot;
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
  for (guint k = 1; k <= GRID_STEPS && !job_cancelled (finder->job); k++)
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
              double mid = copysign (sqrt (lo * hi), lo);

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
          at = copysign (sqrt (lo * hi), lo);
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

/* The walk of an integer field from today's value to @end, one whole
 * step at a time: a switch at every value whose decision differs from
 * the one before it.  Returns how many were found. */
static guint
walk_whole (Finder *finder,
            guint   field,
            double  end)
{
  const StrataSwitchField *f = &g_array_index (finder->points->fields, StrataSwitchField, field);
  guint n = finder->n_dec, found = 0;
  g_autofree guint *d_near = g_new (guint, n);
  g_autofree guint *d_next = g_new (guint, n);
  int step = end > f->value ? 1 : -1;

  decide (finder, field, f->value, d_near);
  for (double k = f->value + step; (step > 0 ? k <= end : k >= end) && !job_cancelled (finder->job);
       k += step)
    {
      decide (finder, field, k, d_next);
      if (!same (finder, d_near, d_next))
        {
          add_switch (finder, field, k, d_near, d_next);
          memcpy (d_near, d_next, sizeof (guint) * n);
          found++;
        }
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

/* savings_npv: whether adopting A now adopts @f's option (its capex and
 * build years count) or leaves it (its exit cost counts).  Neither field
 * moves which options A and the start resolve to. */
static gboolean
plan_switches (const StrataSwitchPoints *points,
               const StrataDataset      *dataset,
               const StrataSwitchField  *f)
{
  g_autofree guint *adopted = g_new (guint, MAX (dataset->n_layers, 1));
  g_autofree guint *start = g_new (guint, MAX (dataset->n_layers, 1));
  double v0 = dataset->horizon->volume_listed ? dataset->horizon->volumes[0]
                                              : dataset->horizon->volume_first.value;

  strata_strategy_resolve (dataset, points->a, v0, adopted);
  strata_horizon_start_choices (dataset, start);
  if (adopted[f->layer] == start[f->layer])
    return FALSE;
  return (g_str_equal (f->field, "exit_cost") ? start : adopted)[f->layer] == f->option;
}

/* The exact reason a field cannot move the decision, or HAS_SWITCH when
 * it may (then the walk decides). */
static StrataSwitchReason
reason_before_walk (const StrataSwitchPoints *points,
                    const StrataDataset      *dataset,
                    const StrataSwitchField  *f)
{
  if (f->value == 0 || isnan (f->value))
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
  if (points->savings && f->kind == STRATA_SWITCH_FIELD_OPTION &&
      (g_str_equal (f->field, "capex") || g_str_equal (f->field, "build_years") ||
       g_str_equal (f->field, "exit_cost")) &&
      !plan_switches (points, dataset, f))
    return STRATA_SWITCH_NOT_SWITCHED;
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

/* Sets up @finder for @points (dataset order of fields). */
static GPtrArray *
finder_init (Finder              *finder,
             StrataSwitchPoints  *points,
             const StrataDataset *dataset)
{
  GPtrArray *slots;

  finder->points = points;
  finder->n_dec = points->a == NULL ? dataset->n_layers : 1;
  finder->int_slots = g_ptr_array_new ();
  _strata_sample_init (&finder->sample, dataset);
  slots = collect_fields (finder);
  finder->slots = (double **) slots->pdata;
  finder->ints = (guint **) finder->int_slots->pdata;
  return slots;
}

static void
finder_clear (Finder *finder)
{
  _strata_sample_clear (&finder->sample);
  g_clear_pointer (&finder->int_slots, g_ptr_array_unref);
}

/* The switch points; NULL when @job was cancelled (checked before every
 * field and at every step of a field's walk: a field of a large dataset
 * takes up to a few hundred optima). */
static StrataSwitchPoints *
find (const StrataDataset  *dataset,
      double                volume,
      StrataObjective       objective,
      const StrataStrategy *a,
      const StrataStrategy *b,
      gboolean              savings,
      StrataJob            *job)
{
  g_autoptr(StrataSwitchPoints) points = NULL;
  g_autoptr(GPtrArray) slots = NULL;
  g_autofree guint *today = NULL;
  Finder finder = { 0 };

  points = g_new0 (StrataSwitchPoints, 1);
  points->volume = volume;
  points->objective = objective;
  points->a = a;
  points->b = b;
  points->savings = savings;
  points->n_layers = dataset->n_layers;
  points->fields = g_array_new (FALSE, TRUE, sizeof (StrataSwitchField));
  g_array_set_clear_func (points->fields, field_clear);
  points->switches = g_array_new (FALSE, TRUE, sizeof (StrataSwitch));
  g_array_set_clear_func (points->switches, switch_clear);
  points->robust = g_array_new (FALSE, FALSE, sizeof (guint));

  slots = finder_init (&finder, points, dataset);
  finder.job = job;
  today = g_new (guint, finder.n_dec);
  decide_now (&finder, today);
  if (a == NULL)
    points->today = g_steal_pointer (&today);
  else
    points->today_cheaper = (StrataSwitchCheaper) ((int) today[0] - 1);

  for (guint i = 0; i < points->fields->len; i++)
    {
      StrataSwitchField *f = &g_array_index (points->fields, StrataSwitchField, i);
      guint found = 0;

      if (job_cancelled (job))
        break;
      job_progress (job, (double) i / points->fields->len);
      f->reason = reason_before_walk (points, dataset, f);
      if (f->reason == STRATA_SWITCH_HAS_SWITCH && finder.ints[i] != NULL)
        {
          found += walk_whole (&finder, i, f->range_high);
          found += walk_whole (&finder, i, f->range_low);
          if (found == 0)
            f->reason = STRATA_SWITCH_HOLDS;
        }
      else if (f->reason == STRATA_SWITCH_HAS_SWITCH)
        {
          found += walk (&finder, i, f->range_high);
          found += walk (&finder, i, f->range_low);
          if (found == 0)
            f->reason = STRATA_SWITCH_HOLDS;
        }
      if (f->reason != STRATA_SWITCH_HAS_SWITCH)
        g_array_append_val (points->robust, i);
    }
  finder_clear (&finder);
  if (job_cancelled (job))
    return NULL;

  g_array_sort (points->switches, compare_switches);
  return g_steal_pointer (&points);
}

StrataSwitchPoints *
strata_switch_points_find (const StrataDataset  *dataset,
                           double                volume,
                           StrataObjective       objective,
                           const StrataStrategy *a,
                           const StrataStrategy *b,
                           GError              **error)
{
  return strata_switch_points_find_full (dataset, volume, objective, a, b, NULL, NULL, NULL,
                                         error);
}

/* Runs find () as @cancellable's job: NULL and G_IO_ERROR_CANCELLED when
 * it was cancelled. */
static StrataSwitchPoints *
find_job (const StrataDataset  *dataset,
          double                volume,
          StrataObjective       objective,
          const StrataStrategy *a,
          const StrataStrategy *b,
          gboolean              savings,
          GCancellable         *cancellable,
          StrataProgressFunc    progress,
          gpointer              progress_data,
          GError              **error)
{
  StrataJob job = { cancellable, progress, progress_data, FALSE, 0, 0 };
  StrataSwitchPoints *points;

  if (cancellable != NULL && g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  points = find (dataset, volume, objective, a, b, savings, &job);
  if (!job_finish (&job, error))
    g_clear_pointer (&points, strata_switch_points_free);
  return points;
}

StrataSwitchPoints *
strata_switch_points_find_full (const StrataDataset  *dataset,
                                double                volume,
                                StrataObjective       objective,
                                const StrataStrategy *a,
                                const StrataStrategy *b,
                                GCancellable         *cancellable,
                                StrataProgressFunc    progress,
                                gpointer              progress_data,
                                GError              **error)
{
  g_return_val_if_fail (dataset != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);

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
  return find_job (dataset, volume, objective, a, b, FALSE, cancellable, progress, progress_data,
                   error);
}

StrataSwitchPoints *
strata_switch_points_find_savings (const StrataDataset  *dataset,
                                   StrataObjective       objective,
                                   const StrataStrategy *strategy,
                                   GError              **error)
{
  return strata_switch_points_find_savings_full (dataset, objective, strategy, NULL, NULL, NULL,
                                                 error);
}

StrataSwitchPoints *
strata_switch_points_find_savings_full (const StrataDataset  *dataset,
                                        StrataObjective       objective,
                                        const StrataStrategy *strategy,
                                        GCancellable         *cancellable,
                                        StrataProgressFunc    progress,
                                        gpointer              progress_data,
                                        GError              **error)
{
  const StrataStrategy *start;
  g_autofree guint *choices = NULL;
  g_autofree StrataLayerPlan *plans = NULL;
  g_autoptr(GError) local = NULL;
  double v0;

  g_return_val_if_fail (dataset != NULL, NULL);
  g_return_val_if_fail (strategy != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);

  if (dataset->horizon == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "the dataset has no horizon, so there is no savings_npv (MODEL.md 8)");
      return NULL;
    }
  if (dataset->n_layers == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "the dataset has no layers");
      return NULL;
    }
  v0 = dataset->horizon->volume_listed ? dataset->horizon->volumes[0]
                                       : dataset->horizon->volume_first.value;
  choices = g_new (guint, dataset->n_layers);
  plans = g_new (StrataLayerPlan, dataset->n_layers);
  strata_strategy_resolve (dataset, strategy, v0, choices);
  if (!strata_roadmap_adopt (dataset, choices, plans, &local))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "%s cannot be adopted now: %s", strategy->id, local->message);
      return NULL;
    }
  start = strata_dataset_find_strategy (dataset, dataset->horizon->start);
  if (start == NULL)
    start = &dataset->strategies[0];
  return find_job (dataset, v0, objective, strategy, start, TRUE, cancellable, progress,
                   progress_data, error);
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
  slots = finder_init (&finder, &shadow, dataset);
  decide (&finder, field, value, points->a == NULL ? choices : decision);
  finder_clear (&finder);
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
