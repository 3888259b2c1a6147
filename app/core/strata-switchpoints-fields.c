/* strata-switchpoints-fields.c: the numbers switch points walk, each
 * with its place in a sample of the dataset (MODEL.md section 6)
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-uncertainty"

#include "config.h"

#include <math.h>
#include <stdarg.h>

#include "strata/strata-horizon.h"

#include "strata-switchpoints-private.h"

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

void
_strata_switch_field_clear (gpointer data)
{
  StrataSwitchField *field = data;

  g_clear_pointer (&field->path, g_free);
  g_clear_pointer (&field->label, g_free);
}

void
_strata_switch_clear (gpointer data)
{
  StrataSwitch *sw = data;

  g_clear_pointer (&sw->before, g_free);
  g_clear_pointer (&sw->after, g_free);
}

static guint *
choices_dup (const guint *choices,
             guint        n_layers)
{
  return choices != NULL ? g_memdup2 (choices, sizeof (guint) * n_layers) : NULL;
}

StrataSwitchPoints *
strata_switch_points_copy (const StrataSwitchPoints *points)
{
  StrataSwitchPoints *copy;

  g_return_val_if_fail (points != NULL, NULL);

  copy = g_new (StrataSwitchPoints, 1);
  *copy = *points;
  copy->today = choices_dup (points->today, points->n_layers);
  copy->fields = g_array_sized_new (FALSE, TRUE, sizeof (StrataSwitchField),
                                    points->fields->len);
  g_array_set_clear_func (copy->fields, _strata_switch_field_clear);
  for (guint i = 0; i < points->fields->len; i++)
    {
      StrataSwitchField field = g_array_index (points->fields, StrataSwitchField, i);

      field.path = g_strdup (field.path);
      field.label = g_strdup (field.label);
      g_array_append_val (copy->fields, field);
    }
  copy->switches = g_array_sized_new (FALSE, TRUE, sizeof (StrataSwitch), points->switches->len);
  g_array_set_clear_func (copy->switches, _strata_switch_clear);
  for (guint i = 0; i < points->switches->len; i++)
    {
      StrataSwitch sw = g_array_index (points->switches, StrataSwitch, i);

      sw.before = choices_dup (sw.before, points->n_layers);
      sw.after = choices_dup (sw.after, points->n_layers);
      g_array_append_val (copy->switches, sw);
    }
  copy->robust = g_array_copy (points->robust);
  return copy;
}

static const char *
name_of (const char *name,
         const char *id)
{
  return name != NULL && name[0] != '\0' ? name : id;
}

/* A field's path or label (NULL in a walker's finder, which never shows
 * them: a thousand layers of forty options are 200,000 of each). */
static char *field_text (const Finder *finder,
                         const char   *format,
                         ...) G_GNUC_PRINTF (2, 3);

static char *
field_text (const Finder *finder,
            const char   *format,
            ...)
{
  va_list args;
  char *text;

  if (finder->bare)
    return NULL;
  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  return text;
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
  field->path = field_text (finder, "layers.%s.options.%s.%s", layer->id, option->id, key);
  field->label = field_text (finder, "%s / %s: %s", name_of (layer->name, layer->id),
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
      field->path = field_text (finder, "layers.%s.options.%s.%s", layer->id, option->id,
                                option_fields[f].key);
      field->label = field_text (finder, "%s / %s: %s", name_of (layer->name, layer->id),
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

      field->path = field_text (finder, "horizon.%s", keys[k]);
      field->label = field_text (finder, "Horizon: %s", keys[k]);
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
          field->path = field_text (finder, "layers.%s.boundary_cost", layer->id);
          field->label = field_text (finder, "%s: boundary_cost", name_of (layer->name, layer->id));
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
      field->path = field_text (finder, "links.%u.saving", k);
      field->label = field_text (finder, "Link %s \xE2\x86\x92 %s: saving",
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

/* Sets up @finder for @points (dataset order of fields). */
GPtrArray *
_strata_switch_finder_init (Finder              *finder,
                            StrataSwitchPoints  *points,
                            const StrataDataset *dataset)
{
  GPtrArray *slots;

  finder->points = points;
  finder->n_dec = points->a == NULL ? dataset->n_layers : 1;
  finder->pair_today = -1;
  finder->moved = -1;
  finder->memo_field = -1;
  finder->int_slots = g_ptr_array_new ();
  _strata_sample_init (&finder->sample, dataset);
  slots = collect_fields (finder);
  finder->slots = (double **) slots->pdata;
  finder->ints = (guint **) finder->int_slots->pdata;
  return slots;
}

void
_strata_switch_finder_clear (Finder *finder)
{
  g_clear_pointer (&finder->plan, _strata_plan_free);
  g_clear_pointer (&finder->today, g_free);
  g_clear_pointer (&finder->bound, _strata_switch_bound_free);
  g_clear_pointer (&finder->pair_t, g_free);
  g_clear_pointer (&finder->npv_ctx, _strata_horizon_ctx_free);
  g_clear_pointer (&finder->adopted, g_free);
  g_clear_pointer (&finder->memo, g_free);
  g_clear_pointer (&finder->delta, _strata_switch_savings_delta_free);
  _strata_sample_clear (&finder->sample);
  g_clear_pointer (&finder->int_slots, g_ptr_array_unref);
}

/* The last optimum worked out with one field moved (_strata_switch_memo_get ()). */
gboolean
_strata_switch_memo_get (Finder *finder,
                         int     field,
                         double  value,
                         double  volume,
                         guint  *out)
{
  if (finder->memo == NULL || field < 0 || finder->memo_field != field ||
      finder->memo_value != value || finder->memo_volume != volume)
    return FALSE;
  memcpy (out, finder->memo, sizeof (guint) * finder->sample.copy.n_layers);
  return TRUE;
}

void
_strata_switch_memo_put (Finder      *finder,
                         int          field,
                         double       value,
                         double       volume,
                         const guint *choices)
{
  guint n = finder->sample.copy.n_layers;

  if (field < 0)
    return;
  if (finder->memo == NULL)
    finder->memo = g_new (guint, MAX (n, 1));
  memcpy (finder->memo, choices, sizeof (guint) * n);
  finder->memo_field = field;
  finder->memo_value = value;
  finder->memo_volume = volume;
}

/* +1 when raising @f's number never makes its option cheaper, -1 when
 * lowering it never does, 0 when neither holds (or it is no option's
 * number).  MODEL.md 3: a price grows with the supplier's cost and its
 * margin, a variable cost with the unit cost, the floor and the
 * reference volume (Wright's exponent is never positive); the learning
 * rate lowers the cost above the reference volume and raises it below;
 * the ecosystem value is taken off the effective cost. */
int
_strata_switch_field_costlier_when (const Finder            *finder,
                                    const StrataSwitchField *f)
{
  const StrataSwitchPoints *points = finder->points;
  const StrataOption *option;
  double ref;

  if (f->kind != STRATA_SWITCH_FIELD_OPTION)
    return 0;
  if (g_str_equal (f->field, "supplier_cost") || g_str_equal (f->field, "price") ||
      g_str_equal (f->field, "margin") || g_str_equal (f->field, "unit_cost") ||
      g_str_equal (f->field, "floor_cost") || g_str_equal (f->field, "fixed_cost") ||
      g_str_equal (f->field, "reference_volume"))
    return 1;
  if (g_str_equal (f->field, "ecosystem_value"))
    return points->objective == STRATA_OBJECTIVE_EFFECTIVE ? -1 : 0;
  if (!g_str_equal (f->field, "learning_rate"))
    return 0;
  option = &finder->sample.copy.layers[f->layer].options[f->option];
  ref = option->reference_volume.value;
  return points->volume > ref ? -1 : points->volume < ref ? 1 : 0;
}

/* savings_npv of adopting the choices @adopted now against the start
 * plan @start: TRUE when it moves one way as @f's number does.  The
 * number must be one of a single option k of layer i that only one of
 * the two plans ever runs: the adopted option where the start's differs
 * (the start plan never runs it), or the start's where the adopted one
 * differs and runs from year 0 with no link into the layer (so the years
 * both run it cost them the same).  Each year's cost of k then grows one
 * way with a price, a supplier's cost or margin, a unit or floor cost, a
 * reference volume (Wright's exponent is never positive), a fixed cost,
 * capex, an exit cost, less experience, more ecosystem value (MODEL.md 3
 * and 8), times a discount and a co-design factor above 0; the learning
 * rate is left out (it lowers a cost above the reference volume and
 * raises it below, and the horizon's volumes may lie on both sides). */
gboolean
_strata_switch_savings_monotone (const guint             *adopted,
                                 const guint             *start,
                                 const StrataDataset     *ds,
                                 const StrataSwitchField *f)
{
  static const char * const fields[] = { "supplier_cost", "price", "margin", "unit_cost",
                                         "floor_cost", "reference_volume", "fixed_cost",
                                         "ecosystem_value", "capex", "exit_cost", "experience" };
  gboolean known = FALSE;

  if (f->kind != STRATA_SWITCH_FIELD_OPTION || adopted == NULL || start == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    known |= g_str_equal (f->field, fields[i]);
  if (!known || adopted[f->layer] == start[f->layer])
    return FALSE;
  if (adopted[f->layer] == f->option)
    return TRUE;
  if (start[f->layer] != f->option || ds->layers[f->layer].options[adopted[f->layer]].build_years != 0)
    return FALSE;
  for (guint l = 0; l < ds->n_links; l++)
    if (ds->links[l].to == f->layer)
      return FALSE;
  return TRUE;
}

/* The horizon's objective of the points' objective. */
static StrataHorizonObjective
horizon_objective (const Finder *finder)
{
  return finder->points->objective == STRATA_OBJECTIVE_CASH ? STRATA_HORIZON_CASH
                                                            : STRATA_HORIZON_EFFECTIVE;
}

/* The plan that runs @start in every layer and never switches, in @out. */
static StrataLayerPlan *
never_plan (const guint     *start,
            guint            n_layers,
            StrataLayerPlan *out)
{
  for (guint l = 0; l < n_layers; l++)
    {
      out[l].option = start[l];
      out[l].decide_year = -1;
    }
  return out;
}

/* The context strata_plan_npv () of a plan on the sample as it is now
 * runs on, the same doubles, or NULL where it needs one of its own (a
 * number of the horizon or a boundary cost, which the context keeps;
 * cumulative learning): with annual learning and a moved number of an
 * option or a link (or none), the finder's table of every option's
 * variable cost a year, whose row of the moved option is worked out
 * again (and the one moved before put back), not a table per plan. */
HorizonCtx *
_strata_switch_npv_ctx (Finder *finder)
{
  const StrataDataset *copy = &finder->sample.copy;
  const StrataSwitchField *f = NULL;

  if (finder->moved >= 0)
    {
      f = &g_array_index (finder->points->fields, StrataSwitchField, finder->moved);
      if (f->kind != STRATA_SWITCH_FIELD_OPTION && f->kind != STRATA_SWITCH_FIELD_LINK)
        return NULL;
      if (f->kind != STRATA_SWITCH_FIELD_OPTION)
        f = NULL;
    }
  if (copy->horizon->learning != STRATA_LEARNING_ANNUAL)
    return NULL;
  if (finder->npv_ctx == NULL)
    {
      finder->npv_ctx = _strata_horizon_ctx_new (copy);
      finder->npv_layer = -1;
    }
  if (finder->npv_layer >= 0 &&
      (f == NULL || f->layer != (guint) finder->npv_layer || f->option != finder->npv_option))
    {
      /* Today's numbers there again. */
      _strata_horizon_ctx_refresh (finder->npv_ctx, (guint) finder->npv_layer, finder->npv_option);
      finder->npv_layer = -1;
    }
  if (f != NULL)
    {
      _strata_horizon_ctx_refresh (finder->npv_ctx, f->layer, f->option);
      finder->npv_layer = (int) f->layer;
      finder->npv_option = f->option;
    }
  return finder->npv_ctx;
}

/* strata_plan_npv () of @plans on the sample as it is now, the same
 * doubles (_strata_switch_npv_ctx ()). */
static double
finder_npv (Finder                 *finder,
            const StrataLayerPlan  *plans,
            StrataHorizonObjective  objective)
{
  HorizonCtx *c = _strata_switch_npv_ctx (finder);

  return c != NULL ? _strata_plan_npv_ctx (c, plans, objective)
                   : strata_plan_npv (&finder->sample.copy, plans, objective);
}

/* The start plan's NPV (@never, running @start) on the sample as it is
 * now: with a fixed start, and the number a decision moved one of an
 * option the start does not run, the same doubles as at today's numbers,
 * worked out once. */
static double
never_npv (Finder                 *finder,
           const guint            *start,
           const StrataLayerPlan  *never,
           StrataHorizonObjective  objective)
{
  const StrataSwitchField *f;

  if (finder->moved < 0 || finder->points->b->choices == NULL)
    return finder_npv (finder, never, objective);
  f = &g_array_index (finder->points->fields, StrataSwitchField, finder->moved);
  if (f->kind != STRATA_SWITCH_FIELD_OPTION || start[f->layer] == f->option)
    return finder_npv (finder, never, objective);
  if (!finder->have_never)
    {
      finder->never_npv = finder_npv (finder, never, objective);
      finder->have_never = TRUE;
    }
  return finder->never_npv;
}

/* The NPV of adopting today's adopted choices @adopted (A's, or T, the
 * first year's optimum today) now, at today's numbers (no number
 * moved): worked out once; NAN where they cannot be adopted. */
static double
adopted_npv_today (Finder      *finder,
                   const guint *adopted)
{
  const StrataDataset *copy = &finder->sample.copy;
  g_autofree StrataLayerPlan *plans = NULL;

  g_return_val_if_fail (finder->moved < 0, NAN);
  if (!finder->have_adopted_npv)
    {
      plans = g_new (StrataLayerPlan, MAX (copy->n_layers, 1));
      finder->adopted_npv = strata_roadmap_adopt (copy, adopted, plans, NULL)
                            ? finder_npv (finder, plans, horizon_objective (finder)) : NAN;
      finder->have_adopted_npv = TRUE;
    }
  return finder->adopted_npv;
}

/* savings_npv of adopting T (the first year's optimum today, which the
 * caller knows stays the optimum at that volume all the way to @end)
 * against the fixed start, with @field a learning rate of an option T
 * runs and the start does not: TRUE when the savings are clearly
 * positive today and at @end, so that they are all the way there.
 * Adopting T costs, a year, its option's variable cost c (q / ref)^u
 * (u = log2 (1 - rate), q the year's units, which the rate does not
 * move) after its floor, times positive factors, plus what the rate
 * does not touch: convex in u, so the savings, the start's fixed NPV
 * less that, are concave in u and at least the lesser of the two ends'
 * between them.  Clearly: both NPVs positive, the savings above 1e-9 of
 * them at both ends (a thousand times the tolerance that would call them
 * zero), and the dearer end's NPV within a thousand times the start's
 * and the cheaper's, so the savings stay above the tolerance of any
 * NPV of T between the ends (at most the dearer end's, by convexity). */
gboolean
_strata_switch_savings_positive_both (Finder *finder,
                                      guint   field,
                                      double  end)
{
  const StrataDataset *copy = &finder->sample.copy;
  const StrataSwitchPoints *points = finder->points;
  const StrataSwitchField *f = &g_array_index (points->fields, StrataSwitchField, field);
  StrataHorizonObjective objective = horizon_objective (finder);
  const guint *t = _strata_switch_d0 (finder), *start = points->b->choices;
  g_autofree StrataLayerPlan *adopt = NULL;
  double *slot = finder->slots[field], keep, npv_never, npv_today, npv_end;

  if (t == NULL || start == NULL || slot == NULL || f->kind != STRATA_SWITCH_FIELD_OPTION ||
      !g_str_equal (f->field, "learning_rate") || t[f->layer] != f->option ||
      start[f->layer] == f->option || finder->moved >= 0)
    return FALSE;
  adopt = g_new (StrataLayerPlan, MAX (copy->n_layers, 1));
  if (!strata_roadmap_adopt (copy, t, adopt, NULL))
    return FALSE;
  npv_never = _strata_switch_start_npv (finder);
  npv_today = adopted_npv_today (finder, t);
  keep = *slot;
  *slot = end;
  finder->moved = (int) field;
  npv_end = finder_npv (finder, adopt, objective);
  finder->moved = -1;
  *slot = keep;
  return npv_never > 0 && npv_today > 0 && npv_end > 0 &&
         npv_never - npv_today > 1e-9 * (npv_never + npv_today) &&
         npv_never - npv_end > 1e-9 * (npv_never + npv_end) &&
         MAX (npv_today, npv_end) <= 1000 * (npv_never + MIN (npv_today, npv_end));
}

/* A learning rate of an option one plan runs and the other does not
 * (the adopted option running from its first year, or the start's left
 * at once): that plan's NPV is convex in u = log2 (1 - rate) (a year's
 * variable cost c (q / ref)^u after its floor, times positive factors;
 * the rate does not move q), the other's does not move.  Adopting runs
 * it and the savings are positive today, with the start's NPV N > 0:
 * the decisions "positive" are where (1 - tol) N - (1 + tol) A > 0
 * (where A <= 0 they are too), a stretch of u, and beyond it A only
 * grows, so the walk goes from positive through zero to negative at
 * most, never back.  The start runs it and the savings are negative
 * today, with the adopted NPV A > 0: the same with the plans' roles
 * swapped.  Then the walk decides its end first (switches_at_most_once ()). */
gboolean
_strata_switch_savings_unimodal (Finder      *finder,
                                 guint        field,
                                 const guint *adopted)
{
  const StrataDataset *copy = &finder->sample.copy;
  const StrataSwitchPoints *points = finder->points;
  const StrataSwitchField *f = &g_array_index (points->fields, StrataSwitchField, field);
  const guint *start = points->b->choices;
  StrataSwitchCheaper today;
  gboolean adopts;

  if (adopted == NULL || start == NULL || finder->today == NULL || finder->moved >= 0 ||
      f->kind != STRATA_SWITCH_FIELD_OPTION || !g_str_equal (f->field, "learning_rate") ||
      adopted[f->layer] == start[f->layer])
    return FALSE;
  today = (StrataSwitchCheaper) ((int) finder->today[0] - 1);
  adopts = adopted[f->layer] == f->option;
  if (adopts ? today != STRATA_SWITCH_A_CHEAPER
             : start[f->layer] != f->option || today != STRATA_SWITCH_B_CHEAPER ||
               copy->layers[f->layer].options[adopted[f->layer]].build_years != 0)
    return FALSE;
  if (adopts)
    return _strata_switch_start_npv (finder) > 0;
  return adopted_npv_today (finder, adopted) > 0;
}

/* The start plan's NPV at today's numbers (no number moved): worked out
 * once, as never_npv () keeps it. */
double
_strata_switch_start_npv (Finder *finder)
{
  const StrataDataset *copy = &finder->sample.copy;
  const guint *start = finder->points->b->choices;
  g_autofree StrataLayerPlan *never = NULL;

  g_return_val_if_fail (start != NULL && finder->moved < 0, NAN);
  if (!finder->have_never)
    {
      never = g_new (StrataLayerPlan, MAX (copy->n_layers, 1));
      finder->never_npv = finder_npv (finder, never_plan (start, copy->n_layers, never),
                                      horizon_objective (finder));
      finder->have_never = TRUE;
    }
  return finder->never_npv;
}

/* The first year's optimum a decision of adopting it found (or knew),
 * for _strata_switch_grid_fill () by pieces. */
static void
keep_adopted (Finder      *finder,
              const guint *choices)
{
  guint n = finder->sample.copy.n_layers;

  if (finder->adopted == NULL)
    finder->adopted = g_new (guint, MAX (n, 1));
  memcpy (finder->adopted, choices, sizeof (guint) * n);
}

/* Adopting the optimum against a fixed start, today's sign known, and the
 * number moved one of an option neither the start nor T (the first
 * year's optimum today) runs: then savings_npv is today's for as long as
 * the first year's optimum is T (neither plan's NPV reads the number). */
static gboolean
savings_unread (Finder *finder)
{
  const StrataSwitchPoints *points = finder->points;
  const StrataSwitchField *f;
  const guint *t;

  if (finder->moved < 0 || finder->today == NULL || points->a->choices != NULL ||
      points->b->choices == NULL || finder->slots[finder->moved] == NULL)
    return FALSE;
  f = &g_array_index (points->fields, StrataSwitchField, finder->moved);
  if (f->kind != STRATA_SWITCH_FIELD_OPTION)
    return FALSE;
  t = _strata_switch_d0 (finder);
  return t != NULL && t[f->layer] != f->option && points->b->choices[f->layer] != f->option;
}

gboolean
_strata_switch_zero_band (const Finder *finder,
                          double        last_at,
                          double        at,
                          const guint  *d_before,
                          const guint  *d_after)
{
  return finder->points->savings && fabs (at / last_at - 1.0) <= 1e-6 &&
         (StrataSwitchCheaper) ((int) d_before[0] - 1) == STRATA_SWITCH_EQUAL &&
         (StrataSwitchCheaper) ((int) d_after[0] - 1) != STRATA_SWITCH_EQUAL;
}

StrataSwitchCheaper
_strata_switch_savings_sign (Finder *finder,
                             Plan   *plan)
{
  const StrataDataset *copy = &finder->sample.copy;
  const StrataHorizon *h = copy->horizon;
  StrataHorizonObjective objective = horizon_objective (finder);
  guint n = MAX (copy->n_layers, 1);
  g_autofree guint *choices = g_new (guint, n);
  g_autofree StrataLayerPlan *adopt = g_new (StrataLayerPlan, n);
  g_autofree StrataLayerPlan *never = g_new (StrataLayerPlan, n);
  gboolean unread = savings_unread (finder);
  StrataSwitchCheaper sign;

  /* Adopting the optimum, a number neither plan reads while the first
   * year's optimum is today's: today's sign, told by the chain's bound
   * or by that optimum, without the NPVs. */
  if (unread && _strata_switch_today_holds (finder, (guint) finder->moved, *finder->slots[finder->moved]))
    {
      keep_adopted (finder, _strata_switch_d0 (finder));
      return (StrataSwitchCheaper) ((int) finder->today[0] - 1);
    }
  if (plan != NULL && finder->points->a->choices == NULL)
    {
      double v0 = h->volume_listed ? h->volumes[0] : h->volume_first.value;
      double value = finder->moved >= 0 && finder->slots[finder->moved] != NULL
                     ? *finder->slots[finder->moved] : NAN;

      if (isnan (value) || !_strata_switch_memo_get (finder, finder->moved, value, v0, choices))
        {
          _strata_plan_optimize_hinted (plan, v0, choices, NULL);
          if (!isnan (value))
            _strata_switch_memo_put (finder, finder->moved, value, v0, choices);
        }
    }
  else
    strata_horizon_adopted_choices (copy, finder->points->a, objective, choices);
  keep_adopted (finder, choices);
  if (unread && memcmp (choices, _strata_switch_d0 (finder), sizeof (guint) * copy->n_layers) == 0)
    return (StrataSwitchCheaper) ((int) finder->today[0] - 1);
  if (!strata_roadmap_adopt (copy, choices, adopt, NULL))
    return STRATA_SWITCH_B_CHEAPER;
  strata_horizon_start_choices (copy, choices);
  if (finder->points->b->choices == NULL && finder->npv_ctx != NULL)
    {
      /* The start is the optimum at the first year's volume: it moves
       * with the numbers, and the finder's context (made once) must run
       * the start options of this decision's. */
      memcpy (finder->npv_ctx->start, choices, sizeof (guint) * copy->n_layers);
    }
  /* Most decisions of a walk: today's NPVs and the few layers the
   * number and the adopted choices touch tell the sign. */
  if (_strata_switch_savings_delta (finder, adopt, objective, &sign))
    return sign;
  never_plan (choices, copy->n_layers, never);
  return _strata_switch_cheaper_of (finder_npv (finder, adopt, objective),
                                    never_npv (finder, choices, never, objective));
}
