/* test-chart-numbers.c: what the charts say agrees with the model
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Series colours that do not move (issue 9, item 5).
 */

#include "config.h"
#include "strata-test-cli.h"
#include "strata-test-util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>

#include <strata/strata-chart.h>
#include <strata/strata-export.h>
#include <strata/strata-model.h>
#include <strata/strata-format.h>
#include <strata/strata-uncertainty.h>

static const char *const samples[] = {
  "ai-cloud-stack.strata.json",
  "ai-model-lab.strata.json",
  "consumer-devices.strata.json",
  "retailer.strata.json",
};

/* -- colours ------------------------------------------------------------------ */

static guint32
color_of (const StrataDataset  *dataset,
          const StrataStrategy *strategy,
          StrataTheme           theme)
{
  double rgba[4];

  strata_chart_strategy_color (dataset, strategy, theme, rgba);
  return (guint32) lround (rgba[0] * 255) << 16 | (guint32) lround (rgba[1] * 255) << 8 |
         (guint32) lround (rgba[2] * 255);
}

/* Opaque pixels within 6 of @rgb in the plot area (clear of the title,
 * axes and end labels). */
static guint
count_pixels (cairo_surface_t *surface,
              guint32          rgb)
{
  const unsigned char *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  int w = cairo_image_surface_get_width (surface);
  int h = cairo_image_surface_get_height (surface);
  guint n = 0;

  for (int y = h * 0.15; y < h * 0.85; y++)
    for (int x = w * 0.08; x < w * 0.75; x++)
      {
        guint32 p;

        memcpy (&p, data + y * stride + x * 4, sizeof p);
        if ((p >> 24) == 0xff &&
            ABS ((int) ((p >> 16) & 0xff) - (int) ((rgb >> 16) & 0xff)) <= 6 &&
            ABS ((int) ((p >> 8) & 0xff) - (int) ((rgb >> 8) & 0xff)) <= 6 &&
            ABS ((int) (p & 0xff) - (int) (rgb & 0xff)) <= 6)
          n++;
      }
  return n;
}

static cairo_surface_t *
draw (StrataChartKind           kind,
      const StrataChartRequest *request)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1280, 720);
  cairo_t *cr = cairo_create (surface);

  strata_chart_draw (kind, request, cr, 1280, 720);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static void
test_colours_stable (void)
{
  for (guint s = 0; s < G_N_ELEMENTS (samples); s++)
    {
      g_autoptr(StrataDataset) dataset = load_sample (samples[s]);
      g_autofree guint *custom_choices = g_new0 (guint, dataset->n_layers);
      StrataStrategy custom = { (char *) "custom", (char *) "Custom", custom_choices, FALSE, NULL };
      g_autofree guint32 *alone = g_new0 (guint32, dataset->n_strategies);
      const StrataStrategy *own = NULL;

      /* Presets have fixed colours. */
      g_assert_cmphex (color_of (dataset, strata_dataset_find_strategy (dataset, "all-neutral"), STRATA_THEME_LIGHT), ==, 0x0072B2);
      g_assert_cmphex (color_of (dataset, strata_dataset_find_strategy (dataset, "all-integrated"), STRATA_THEME_LIGHT), ==, 0xD55E00);
      g_assert_cmphex (color_of (dataset, strata_dataset_find_strategy (dataset, "optimal"), STRATA_THEME_LIGHT), ==, 0x009E73);

      /* Every strategy keeps one colour in every theme, and no two share
       * one; Custom has its own. */
      for (guint i = 0; i < dataset->n_strategies; i++)
        {
          alone[i] = color_of (dataset, &dataset->strategies[i], STRATA_THEME_LIGHT);
          for (guint t = 0; t < STRATA_N_THEMES; t++)
            g_assert_cmphex (color_of (dataset, &dataset->strategies[i], t), ==, alone[i]);
          for (guint j = 0; j < i; j++)
            g_assert_cmphex (alone[i], !=, alone[j]);
          for (guint t = 0; t < STRATA_N_THEMES; t++)
            g_assert_cmphex (color_of (dataset, &custom, t), !=, alone[i]);
          if (!dataset->strategies[i].preset && own == NULL)
            own = &dataset->strategies[i];
        }

      /* A copy of a strategy (the app renders copies) has its colour. */
      for (guint i = 0; i < dataset->n_strategies; i++)
        {
          StrataStrategy copy = dataset->strategies[i];

          g_assert_cmphex (color_of (dataset, &copy, STRATA_THEME_DARK), ==, alone[i]);
        }

      /* Drawn: the dataset's first own strategy is in its colour whether it
       * is shown alone with all neutral or after Custom and every other
       * strategy (a flip adds Custom in front). */
      if (own != NULL)
        {
          const StrataStrategy *few[2];
          g_autofree const StrataStrategy **many = g_new0 (const StrataStrategy *, dataset->n_strategies + 1);
          StrataChartRequest request = { 0 };
          cairo_surface_t *a, *b;
          guint n = 0;

          few[0] = strata_dataset_find_strategy (dataset, "all-neutral");
          few[1] = own;
          many[n++] = &custom;
          for (guint i = dataset->n_strategies; i-- > 0;)
            many[n++] = &dataset->strategies[i];

          request.dataset = dataset;
          request.volume = dataset->volume_default;
          request.strategies = few;
          request.n_strategies = 2;
          a = draw (STRATA_CHART_COST_CURVES, &request);
          request.strategies = many;
          request.n_strategies = n;
          b = draw (STRATA_CHART_COST_CURVES, &request);
          g_assert_cmpuint (count_pixels (a, color_of (dataset, own, STRATA_THEME_LIGHT)), >, 100);
          g_assert_cmpuint (count_pixels (b, color_of (dataset, own, STRATA_THEME_LIGHT)), >, 100);
          cairo_surface_destroy (a);
          cairo_surface_destroy (b);
        }
    }
}

/* -- every number next to a label is the model's --------------------------------- */

static const StrataChartTextBox *
box_with_key (GArray     *boxes,
              const char *key)
{
  for (guint i = 0; i < boxes->len; i++)
    {
      const StrataChartTextBox *box = &g_array_index (boxes, StrataChartTextBox, i);

      if (g_strcmp0 (box->key, key) == 0)
        return box;
    }
  return NULL;
}

static void
assert_close (double      got,
              double      want,
              const char *what)
{
  if (!(fabs (got - want) <= 1e-9 * MAX (1.0, fabs (want))))
    g_error ("%s: the chart says %.12g, the model %.12g", what, got, want);
}

/* MODEL.md's label rule on any text: after "unit cost" comes unit_cost's
 * money, after "effective unit cost" effective_unit_cost's. */
static void
assert_label_rule (const char          *text,
                   const StrataDataset *dataset,
                   const StrataOutcome *o)
{
  g_autofree char *lower = g_utf8_strdown (text, -1);
  const char *p = lower;

  while ((p = strstr (p, "unit cost ")) != NULL)
    {
      gboolean effective = p - lower >= 10 && strncmp (p - 10, "effective ", 10) == 0;
      g_autofree char *money = strata_format_money (effective ? o->effective_unit_cost : o->unit_cost,
                                                    dataset->currency);
      const char *after = p + strlen ("unit cost ");

      if (g_ascii_isdigit (after[0]) || after[0] == '$')
        if (!g_str_has_prefix (after, money))
          g_error ("“%s”: %s should read %s", text, effective ? "effective unit cost" : "unit cost", money);
      p = after;
    }
}

static void
check_value_chain (StrataDataset        *dataset,
                   const StrataStrategy *strategy,
                   StrataTheme           theme)
{
  const StrataStrategy *one[1] = { strategy };
  StrataChartRequest request = { 0 };
  g_autoptr(GArray) boxes = NULL;
  g_autofree guint *choices = g_new0 (guint, dataset->n_layers);
  g_autofree StrataLayerCost *costs = g_new0 (StrataLayerCost, dataset->n_layers);
  StrataOutcome o;
  double share_sum = 0;
  int printed_sum = 0;
  guint n_entries = 0, n_expected = 0;
  static const char *const totals[] = { "unit_cost", "effective_unit_cost", "ecosystem_value" };

  request.dataset = dataset;
  request.strategies = one;
  request.n_strategies = 1;
  request.volume = dataset->volume_default;
  request.theme = theme;
  strata_strategy_resolve (dataset, strategy, request.volume, choices);
  strata_evaluate (dataset, choices, request.volume, &o, costs);
  boxes = strata_chart_layout_text_boxes (STRATA_CHART_VALUE_CHAIN, &request, 1920, 1080);

  /* The title names the strategy shown. */
  g_assert_nonnull (strstr (g_array_index (boxes, StrataChartTextBox, 0).text, strategy->name));

  for (guint i = 0; i < G_N_ELEMENTS (totals); i++)
    {
      const StrataChartTextBox *box = box_with_key (boxes, totals[i]);
      double want = i == 0 ? o.unit_cost : i == 1 ? o.effective_unit_cost : o.ecosystem_value;
      g_autofree char *money = strata_format_money (want, dataset->currency);

      g_assert_nonnull (box);
      assert_close (box->value, want, totals[i]);
      g_assert_nonnull (strstr (box->text, money));
    }

  for (guint l = 0; l < dataset->n_layers; l++)
    {
      const char *id = dataset->layers[l].id;
      gboolean iface = l + 1 < dataset->n_layers &&
                       !(costs[l].mode == STRATA_MODE_INTEGRATED && costs[l + 1].mode == STRATA_MODE_INTEGRATED);

      for (guint kind = 0; kind < (iface ? 2u : 1u); kind++)
        {
          g_autofree char *share_key = g_strdup_printf ("share:%s:%s", kind ? "interface" : "layer", id);
          g_autofree char *cost_key = g_strdup_printf ("cost:%s:%s", kind ? "interface" : "layer", id);
          const StrataChartTextBox *share = box_with_key (boxes, share_key);
          const StrataChartTextBox *cost = box_with_key (boxes, cost_key);
          double amount = kind ? costs[l].interface_cost : costs[l].variable + costs[l].fixed_per_unit;
          g_autofree char *money = strata_format_money (amount, dataset->currency);

          n_expected++;
          if (share == NULL)
            continue;
          n_entries++;
          /* MODEL.md 3: a share is its amount over unit_cost, and the money
           * beside it is that amount. */
          assert_close (share->value, amount / o.unit_cost, share_key);
          share_sum += share->value;
          /* A part that rounds to 0 % reads "<1 %", never "0 %". */
          if (share->value > 0)
            g_assert_false (g_str_has_prefix (share->text, "0 %"));
          printed_sum += g_str_has_prefix (share->text, "<1 %") ? 0 : atoi (share->text);
          g_assert_nonnull (cost);
          assert_close (cost->value, amount, cost_key);
          g_assert_nonnull (strstr (cost->text, money));
        }
    }
  /* Every layer and interface is shown at this size: the shares add up. */
  g_assert_cmpuint (n_entries, ==, n_expected);
  assert_close (share_sum, 1.0, "sum of shares");
  g_assert_cmpint (printed_sum, ==, 100);

  /* The action title states the largest layer's share in the words of its
   * block ("…, 65 %" over a block of "65 %", not "65.3 %"). */
  {
    g_autofree char *title = strata_chart_action_title (STRATA_CHART_VALUE_CHAIN, &request);
    g_autofree char *share_key = NULL;
    g_autofree char *tail = NULL;
    const StrataChartTextBox *share;
    guint top = 0;

    for (guint l = 1; l < dataset->n_layers; l++)
      if (costs[l].variable + costs[l].fixed_per_unit > costs[top].variable + costs[top].fixed_per_unit)
        top = l;
    share_key = g_strdup_printf ("share:layer:%s", dataset->layers[top].id);
    share = box_with_key (boxes, share_key);
    g_assert_nonnull (share);
    g_assert_nonnull (title);
    tail = g_strdup_printf (", %s", share->text);
    if (!g_str_has_suffix (title, tail))
      g_error ("%s: the title \"%s\" does not end in the block's share \"%s\"", dataset->title, title,
               share->text);
  }

  /* Every active co-design link is labelled with its saving. */
  for (guint k = 0; k < dataset->n_links; k++)
    {
      const StrataLink *link = &dataset->links[k];
      g_autofree char *key = g_strdup_printf ("link:%s:%s", dataset->layers[link->from].id,
                                              dataset->layers[link->to].id);
      const StrataChartTextBox *box = box_with_key (boxes, key);

      if (costs[link->from].mode != STRATA_MODE_INTEGRATED || costs[link->to].mode != STRATA_MODE_INTEGRATED)
        continue;
      if (box == NULL)
        g_error ("%s: the active link %s is not labelled", dataset->title, key);
      assert_close (box->value, link->saving.value, key);
    }

  for (guint i = 0; i < boxes->len; i++)
    assert_label_rule (g_array_index (boxes, StrataChartTextBox, i).text, dataset, &o);
}

static void
check_cost_curves (StrataDataset          *dataset,
                   const StrataStrategy  **strategies,
                   guint                   n,
                   guint                   current,
                   StrataTheme             theme,
                   double                  width,
                   double                  height)
{
  StrataChartRequest request = { 0 };
  g_autoptr(GArray) boxes = NULL;
  guint expected = 0, marked = 0;

  request.dataset = dataset;
  request.strategies = strategies;
  request.n_strategies = n;
  request.current = current;
  request.volume = dataset->volume_default;
  request.theme = theme;
  boxes = strata_chart_layout_text_boxes (STRATA_CHART_COST_CURVES, &request, width, height);
  g_assert_nonnull (strstr (g_array_index (boxes, StrataChartTextBox, 0).text, strategies[current]->name));

  /* Markers by meaning, whatever the size: every break-even of the current
   * strategy against each other one, naming both. */
  for (guint b = 0; b < n; b++)
    {
      g_autoptr(GArray) crossings = NULL;
      g_autofree char *key = NULL;

      if (b == current)
        continue;
      crossings = strata_breakeven (dataset, strategies[current], strategies[b]);
      key = g_strdup_printf ("breakeven:%s:%s", strategies[current]->id, strategies[b]->id);
      for (guint k = 0; k < crossings->len; k++)
        {
          const StrataCrossing *c = &g_array_index (crossings, StrataCrossing, k);
          g_autofree char *volume = strata_format_volume (c->volume);
          gboolean found = FALSE;

          expected++;
          for (guint i = 0; i < boxes->len && !found; i++)
            {
              const StrataChartTextBox *box = &g_array_index (boxes, StrataChartTextBox, i);

              found = g_strcmp0 (box->key, key) == 0 && fabs (box->value / c->volume - 1) < 1e-9 &&
                      g_str_has_prefix (box->text, volume) &&
                      strstr (box->text, strategies[current]->name) != NULL &&
                      strstr (box->text, strategies[b]->name) != NULL &&
                      strstr (box->text, strategies[c->cheaper_above == 0 ? current : b]->name) ==
                        strstr (box->text, ": ") + 2;
            }
          if (!found)
            g_error ("%s at %gx%g: no marker names %s and %s at %s (cheaper above first)", dataset->title,
                     width, height, strategies[current]->name, strategies[b]->name, volume);
        }
    }
  for (guint i = 0; i < boxes->len; i++)
    if (g_str_has_prefix (g_array_index (boxes, StrataChartTextBox, i).key ?: "", "breakeven:"))
      marked++;
  g_assert_cmpuint (marked, ==, expected);
}

typedef struct
{
  const char *key;
  gsize       offset;
} Field;

static void
check_compare (StrataDataset          *dataset,
               const StrataStrategy  **strategies,
               guint                   n,
               StrataTheme             theme)
{
  static const Field fields[] = {
    { "effective_unit_cost", G_STRUCT_OFFSET (StrataOutcome, effective_unit_cost) },
    { "unit_cost", G_STRUCT_OFFSET (StrataOutcome, unit_cost) },
    { "ecosystem_value", G_STRUCT_OFFSET (StrataOutcome, ecosystem_value) },
    { "annual_cost", G_STRUCT_OFFSET (StrataOutcome, annual_cost) },
    { "supplier_margin", G_STRUCT_OFFSET (StrataOutcome, supplier_margin) },
    { "capital_at_risk", G_STRUCT_OFFSET (StrataOutcome, capital_at_risk) },
    { "supplier_share", G_STRUCT_OFFSET (StrataOutcome, supplier_share) },
    { "latency_ms", G_STRUCT_OFFSET (StrataOutcome, latency_ms) },
    { "unit_profit", G_STRUCT_OFFSET (StrataOutcome, unit_profit) },
    { "annual_profit", G_STRUCT_OFFSET (StrataOutcome, annual_profit) },
  };
  StrataChartRequest request = { 0 };
  g_autoptr(GArray) boxes = NULL;
  g_autofree guint *choices = g_new0 (guint, dataset->n_layers);
  guint checked = 0;

  request.dataset = dataset;
  request.strategies = strategies;
  request.n_strategies = n;
  request.volume = dataset->volume_default;
  request.theme = theme;
  boxes = strata_chart_layout_text_boxes (STRATA_CHART_COMPARE, &request, 1920, 1080);

  for (guint i = 0; i < n; i++)
    {
      StrataOutcome o;

      strata_strategy_resolve (dataset, strategies[i], request.volume, choices);
      strata_evaluate (dataset, choices, request.volume, &o, NULL);
      for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
        {
          g_autofree char *key = g_strdup_printf ("compare:%s:%s", fields[f].key, strategies[i]->id);
          const StrataChartTextBox *box = box_with_key (boxes, key);

          if (box == NULL)
            continue;
          assert_close (box->value, G_STRUCT_MEMBER (double, &o, fields[f].offset), key);
          checked++;
        }
    }
  g_assert_cmpuint (checked, >=, n * 7);

  /* No panel of zeros: latency is shown only when some option has one. */
  for (guint i = 0; i < boxes->len; i++)
    if (g_str_equal (g_array_index (boxes, StrataChartTextBox, i).text, "Latency"))
      {
        gboolean any = FALSE;

        for (guint s = 0; s < n; s++)
          {
            g_autofree char *key = g_strdup_printf ("compare:latency_ms:%s", strategies[s]->id);
            const StrataChartTextBox *box = box_with_key (boxes, key);

            any |= box != NULL && box->value != 0;
          }
        g_assert_true (any);
      }
  /* Names are never cut (the panels give them room). */
  for (guint s = 0; s < n; s++)
    {
      gboolean whole = FALSE;

      for (guint i = 0; i < boxes->len && !whole; i++)
        whole = g_str_equal (g_array_index (boxes, StrataChartTextBox, i).text, strategies[s]->name);
      if (!whole)
        g_error ("%s: the compare chart cuts “%s”", strata_theme_to_string (theme), strategies[s]->name);
    }
}

/* In a small window the compare chart leaves out its last panels rather
 * than draw bars without their names and figures; a note names what it
 * left out.  Every panel drawn has every strategy's value. */
static void
check_compare_small (StrataDataset          *dataset,
                     const StrataStrategy  **strategies,
                     guint                   n)
{
  static const struct { const char *key, *title; } panels[] = {
    { "effective_unit_cost", "Effective unit cost" }, { "unit_cost", "Unit cost" },
    { "ecosystem_value", "Ecosystem value" }, { "annual_cost", "Annual cost" },
    { "supplier_margin", "Supplier margin" }, { "capital_at_risk", "Capital at risk" },
    { "supplier_share", "Supplier share" }, { "latency_ms", "Latency" },
    { "unit_profit", "Unit profit" }, { "annual_profit", "Annual profit" },
    { "effective_unit_profit", "Effective unit profit" },
  };
  static const struct { double w, h; StrataTheme theme; } sizes[] = {
    { 1920, 1080, STRATA_THEME_LIGHT }, { 1280, 720, STRATA_THEME_SLIDE }, { 766, 330, STRATA_THEME_LIGHT },
    { 800, 450, STRATA_THEME_SLIDE }, { 600, 300, STRATA_THEME_DARK },
  };
  gboolean eligible[G_N_ELEMENTS (panels)] = { FALSE, };
  StrataChartRequest request = { 0 };

  request.dataset = dataset;
  request.strategies = strategies;
  request.n_strategies = n;
  request.volume = dataset->volume_default;
  for (guint z = 0; z < G_N_ELEMENTS (sizes); z++)
    {
      g_autoptr(GArray) boxes = NULL;
      const char *note = NULL;
      guint drawn_panels = 0, left_out = 0, named = 0, more = 0;

      request.theme = sizes[z].theme;
      boxes = strata_chart_layout_text_boxes (STRATA_CHART_COMPARE, &request, sizes[z].w, sizes[z].h);
      for (guint i = 0; i < boxes->len; i++)
        if (g_str_has_prefix (g_array_index (boxes, StrataChartTextBox, i).text, "Left out at this size: "))
          note = g_array_index (boxes, StrataChartTextBox, i).text;
      /* The largest size draws every panel with something to say. */
      if (z == 0)
        g_assert_null (note);
      for (guint f = 0; f < G_N_ELEMENTS (panels); f++)
        {
          guint drawn = 0;

          for (guint i = 0; i < n; i++)
            {
              g_autofree char *key = g_strdup_printf ("compare:%s:%s", panels[f].key, strategies[i]->id);

              drawn += box_with_key (boxes, key) != NULL;
            }
          if (z == 0)
            eligible[f] = drawn > 0;
          if (drawn > 0)
            {
              if (drawn != n)
                g_error ("%s at %gx%g: %u of %u values in the %s panel", dataset->title,
                         sizes[z].w, sizes[z].h, drawn, n, panels[f].key);
              drawn_panels++;
            }
          else if (eligible[f])
            {
              left_out++;
              named += note != NULL && strstr (note, panels[f].title) != NULL;
            }
        }
      g_assert_cmpuint (drawn_panels, >=, 1);
      /* The note names the panels left out, or as many as fit and how
       * many more. */
      if (note != NULL && strstr (note, " and ") != NULL)
        more = (guint) strtoul (strstr (note, " and ") + 5, NULL, 10);
      if (left_out != named + more)
        g_error ("%s at %gx%g: %u panels left out, the note says %u (%s)", dataset->title,
                 sizes[z].w, sizes[z].h, left_out, named + more, note ? note : "no note");
    }
}

static void
test_numbers_match_model (void)
{
  for (guint s = 0; s < G_N_ELEMENTS (samples); s++)
    {
      g_autoptr(StrataDataset) dataset = load_sample (samples[s]);
      guint n = 0;
      g_autofree const StrataStrategy **all = strata_chart_default_strategies (dataset, &n);

      for (guint t = 0; t < STRATA_N_THEMES; t++)
        {
          for (guint i = 0; i < dataset->n_strategies; i++)
            check_value_chain (dataset, &dataset->strategies[i], t);
          check_compare (dataset, all, n, t);
        }
      check_compare_small (dataset, all, n);
      for (guint cur = 0; cur < n; cur++)
        {
          check_cost_curves (dataset, all, n, cur, STRATA_THEME_LIGHT, 1920, 1080);
          check_cost_curves (dataset, all, n, cur, STRATA_THEME_SLIDE, 800, 450);
        }
    }
}

/* A tall stack (40 layers) leaves its market interfaces' seams too thin
 * for their figures: they are left out and the legend says so, rather
 * than drawn a few pixels high; a short one labels every interface. */
/* Co-design links: each active one's saving labelled where there is
 * room; more active links than label rows along the stack make a web
 * of thin arcs with no label, and the legend says how many savings are
 * not labelled (strata-chart-value-chain.c).  Every linked layer linked
 * to every other, all integrated: 12 layers 4 linked (12 links, all
 * labelled), 24 layers 12 linked (132 links, a web at 1920 x 1080). */
static void
test_value_chain_link_web (void)
{
  static const guint shapes[][2] = { { 12, 4 }, { 24, 12 } };

  for (guint k = 0; k < G_N_ELEMENTS (shapes); k++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (7 + k);
      g_autoptr(StrataDataset) dataset = test_dense_links_dataset (rand, shapes[k][0], shapes[k][1], 0.01, 2, 0.1);
      const StrataStrategy *integrated = strata_dataset_find_strategy (dataset, "all-integrated");
      StrataChartRequest request = { 0 };
      g_autoptr(GArray) boxes = NULL;
      g_autofree char *legend = NULL;
      guint labelled = 0, legends = 0;

      request.dataset = dataset;
      request.strategies = &integrated;
      request.n_strategies = 1;
      request.volume = dataset->volume_default;
      boxes = strata_chart_layout_text_boxes (STRATA_CHART_VALUE_CHAIN, &request, 1920, 1080);
      legend = k == 0 ? g_strdup ("Co-design link (active)")
                      : g_strdup_printf ("Co-design link (active; %u savings not labelled: no room)",
                                         dataset->n_links);
      for (guint i = 0; i < boxes->len; i++)
        {
          const StrataChartTextBox *box = &g_array_index (boxes, StrataChartTextBox, i);

          labelled += box->key != NULL && g_str_has_prefix (box->key, "link:");
          legends += g_strcmp0 (box->text, legend) == 0;
        }
      g_test_message ("%u links, %u labelled", dataset->n_links, labelled);
      g_assert_cmpuint (legends, ==, 1);
      g_assert_cmpuint (labelled, ==, k == 0 ? dataset->n_links : 0);
    }
}

static void
test_value_chain_tall (void)
{
  g_autoptr(GString) json = g_string_new ("{ \"format\": \"strata-stack/1\", \"title\": \"Tall\", "
                                          "\"unit\": \"unit\", \"currency\": \"USD\", \"boundary_cost\": 0.01, "
                                          "\"volume\": { \"min\": 1e3, \"max\": 1e9, \"default\": 1e6 }, "
                                          "\"layers\": [");

  for (guint n_layers = 5; n_layers <= 40; n_layers += 35)
    {
      g_autoptr(StrataDataset) dataset = NULL;
      g_autoptr(GArray) boxes = NULL;
      g_autoptr(GError) error = NULL;
      const StrataStrategy *neutral;
      StrataChartRequest request = { 0 };
      guint interfaces = 0, too_small = 0;

      g_string_truncate (json, strstr (json->str, "\"layers\": [") - json->str + strlen ("\"layers\": ["));
      for (guint l = 0; l < n_layers; l++)
        g_string_append_printf (json, "%s{ \"id\": \"l%u\", \"options\": ["
                                "{ \"id\": \"n\", \"mode\": \"neutral\", \"supplier_cost\": %u, \"margin\": 0.3 }, "
                                "{ \"id\": \"i\", \"mode\": \"integrated\", \"unit_cost\": 2 } ] }",
                                l > 0 ? ", " : "", l, 1 + l % 3);
      g_string_append (json, "] }");
      dataset = strata_dataset_load_data (json->str, json->len, "tall.strata.json", &error);
      g_assert_no_error (error);
      neutral = strata_dataset_find_strategy (dataset, "all-neutral");
      request.dataset = dataset;
      request.strategies = &neutral;
      request.n_strategies = 1;
      request.volume = dataset->volume_default;
      request.theme = STRATA_THEME_LIGHT;
      boxes = strata_chart_layout_text_boxes (STRATA_CHART_VALUE_CHAIN, &request, 1920, 1080);
      for (guint i = 0; i < boxes->len; i++)
        {
          const StrataChartTextBox *box = &g_array_index (boxes, StrataChartTextBox, i);

          if (box->key != NULL && g_str_has_prefix (box->key, "share:interface:"))
            {
              interfaces++;
              g_assert_cmpfloat (box->rect.height, >=, 7.0);
            }
          too_small += g_str_equal (box->text, "Market interface (too small to label)");
        }
      if (n_layers == 5)
        {
          g_assert_cmpuint (interfaces, ==, n_layers - 1);
          g_assert_cmpuint (too_small, ==, 0);
        }
      else
        {
          g_assert_cmpuint (interfaces, ==, 0);
          g_assert_cmpuint (too_small, ==, 1);
        }
    }
}

/* The current volume's dashed line is drawn before the flips' labels (the
 * boxes come in the order drawn), so that it runs under their text: it
 * crossed "integrate above 60.9 M" on the consumer-devices sample. */
static void
test_ladder_line_under_labels (void)
{
  g_autoptr(StrataDataset) dataset = load_sample ("consumer-devices.strata.json");
  StrataChartRequest request = { 0 };
  g_autoptr(GArray) boxes = NULL;
  guint line = G_MAXUINT, first_flip = G_MAXUINT;

  request.dataset = dataset;
  request.volume = dataset->volume_default;
  request.theme = STRATA_THEME_SLIDE;
  boxes = strata_chart_layout_text_boxes (STRATA_CHART_LADDER, &request, 1920, 1080);
  for (guint i = 0; i < boxes->len; i++)
    {
      const char *text = g_array_index (boxes, StrataChartTextBox, i).text;

      if (line == G_MAXUINT && g_str_has_prefix (text, "current volume "))
        line = i;
      if (first_flip == G_MAXUINT && g_str_has_prefix (text, "integrate above "))
        first_flip = i;
    }
  g_assert_cmpuint (line, !=, G_MAXUINT);
  g_assert_cmpuint (first_flip, !=, G_MAXUINT);
  g_assert_cmpuint (line, <, first_flip);
}

/* The labels between the decades of a log volume axis are even: every
 * 2 and 5 of the range, or every 3, or none; never some dropped where
 * they collided and others kept ("10 M, 20 M, 100 M" without 50 M, on
 * a ladder from 100 k to 100 B at 1920 x 1080).  Both ends of the range
 * are labelled, tick or not, where the chart is 1000 px wide or more. */
static guint
check_log_axis_even (StrataChartKind     kind,
                     StrataChartRequest *request,
                     int                 width,
                     int                 height)
{
  const StrataDataset *dataset = request->dataset;
  g_autoptr(GArray) boxes = strata_chart_layout_text_boxes (kind, request, width, height);
  guint n_decades = 0, n_25 = 0, n_3 = 0, want_25 = 0, want_3 = 0, ends = 0;

  for (int e = (int) floor (log10 (dataset->volume_min)) - 1; e <= (int) ceil (log10 (dataset->volume_max)); e++)
    for (int m = 2; m <= 5; m++)
      {
        double v = m * pow (10.0, e);

        if (m != 4 && v > dataset->volume_min * (1 + 1e-9) && v < dataset->volume_max * (1 - 1e-9))
          {
            if (m == 3)
              want_3++;
            else
              want_25++;
          }
      }
  for (guint i = 0; i < boxes->len; i++)
    {
      const StrataChartTextBox *box = &g_array_index (boxes, StrataChartTextBox, i);
      double v, mantissa;

      if (box->role != STRATA_TEXT_AXIS || !g_ascii_isdigit (box->text[0])
          || !strata_parse_volume (box->text, &v, NULL))
        continue;
      mantissa = v / pow (10.0, floor (log10 (v) + 1e-9));
      /* The range's ends, labelled where no tick is. */
      if (fabs (v / dataset->volume_min - 1) < 1e-9 || fabs (v / dataset->volume_max - 1) < 1e-9)
        {
          ends |= fabs (v / dataset->volume_min - 1) < 1e-9 ? 1 : 2;
          if (fabs (mantissa - 1) < 1e-9)
            n_decades++;
          continue;
        }
      if (fabs (mantissa - 1) < 1e-9)
        n_decades++;
      else if (fabs (mantissa - 3) < 1e-9)
        n_3++;
      else if (fabs (mantissa - 2) < 1e-9 || fabs (mantissa - 5) < 1e-9)
        n_25++;
      else
        g_error ("%d x %d: an axis label %s between the 1-2-3-5 steps", width, height, box->text);
    }
  /* No two of them run together ("200 M300 M"): a space between any
   * two on one line. */
  for (guint i = 0; i < boxes->len; i++)
    for (guint j = 0; j < boxes->len; j++)
      {
        const StrataChartTextBox *a = &g_array_index (boxes, StrataChartTextBox, i);
        const StrataChartTextBox *b = &g_array_index (boxes, StrataChartTextBox, j);
        double v;

        if (i == j || a->role != STRATA_TEXT_AXIS || b->role != STRATA_TEXT_AXIS
            || !strata_parse_volume (a->text, &v, NULL) || !strata_parse_volume (b->text, &v, NULL)
            || a->rect.x > b->rect.x || a->rect.y + a->rect.height <= b->rect.y
            || b->rect.y + b->rect.height <= a->rect.y)
          continue;
        g_assert_cmpfloat (b->rect.x - (a->rect.x + a->rect.width), >=, MIN (a->rect.height, b->rect.height) * 0.25);
      }
  if (g_test_verbose ())
    g_printerr ("chart %d at %d x %d: %u decades, %u of %u 2s and 5s, %u of %u 3s\n",
                kind, width, height, n_decades, n_25, want_25, n_3, want_3);
  g_assert_cmpuint (n_decades, >=, 2);
  /* Where the axis starts and stops is read (not "50 M ... 20 B" on a
   * range from 33 M to 42 B). */
  if (width >= 1000)
    g_assert_cmpuint (ends, ==, 3);
  g_assert_true (n_25 == 0 || n_3 == 0);
  g_assert_true (n_25 == 0 || n_25 == want_25);
  g_assert_true (n_3 == 0 || n_3 == want_3);
  return n_25 > 0 ? 1 : n_3 > 0 ? 2 : 0;
}

static void
test_log_axis_even (void)
{
  static const int sizes[][2] = { { 1920, 1080 }, { 1600, 900 }, { 1280, 720 }, { 1000, 700 },
                                  { 800, 450 }, { 640, 400 } };
  static const double ranges[][2] = { { 1e5, 1e11 }, { 1e6, 3e9 }, { 2e4, 5e7 }, { 3.3e7, 4.2e10 } };
  guint seen[3] = { 0, 0, 0 };

  for (guint r = 0; r < G_N_ELEMENTS (ranges); r++)
    {
      g_autoptr(StrataDataset) dataset = test_dataset_new (ranges[r][0], ranges[r][1], 0.002);
      StrataChartRequest request = { 0 };
      const StrataStrategy *strategies[2];
      guint layer = test_add_layer (dataset, "data-centres-and-hardware");

      test_add_neutral (dataset, layer, "colo", 0.01, 0.3);
      test_add_integrated (dataset, layer, "own", 0.02, 0.15, sqrt (ranges[r][0] * ranges[r][1]), 0.001);
      test_option (dataset, layer, 1)->fixed_cost = test_number (ranges[r][0] * 40);
      layer = test_add_layer (dataset, "checkout");
      test_add_neutral (dataset, layer, "sdk", 0.002, 0.5);
      test_add_integrated (dataset, layer, "own", 0.001, 0, ranges[r][0], 0);
      test_option (dataset, layer, 1)->fixed_cost = test_number (ranges[r][0] * 3);
      strata_dataset_finish (dataset);
      strategies[0] = strata_dataset_find_strategy (dataset, "all-neutral");
      strategies[1] = strata_dataset_find_strategy (dataset, "optimal");
      request.dataset = dataset;
      request.volume = dataset->volume_default;
      request.strategies = strategies;
      request.n_strategies = 2;
      for (guint t = 0; t < 2; t++)
        for (guint z = 0; z < G_N_ELEMENTS (sizes); z++)
          {
            request.theme = t == 0 ? STRATA_THEME_SLIDE : STRATA_THEME_LIGHT;
            seen[check_log_axis_even (STRATA_CHART_LADDER, &request, sizes[z][0], sizes[z][1])]++;
            seen[check_log_axis_even (STRATA_CHART_COST_CURVES, &request, sizes[z][0], sizes[z][1])]++;
          }
    }
  /* The sizes and ranges reach each of the three choices. */
  g_assert_cmpuint (seen[0], >, 0);
  g_assert_cmpuint (seen[1], >, 0);
  g_assert_cmpuint (seen[2], >, 0);
}

/* @n_layers layers "layer-0" ... of a neutral option ("buy") and an
 * integrated one ("build", learning from @reference), the integrated
 * one's fixed cost @fixed times 1, 2, ... @cycle over the layers, on
 * volumes [@lo, @hi]; not finished (a name may change first). */
static StrataDataset *
buy_build_dataset (guint  n_layers,
                   double lo,
                   double hi,
                   double reference,
                   double fixed,
                   guint  cycle)
{
  StrataDataset *dataset = test_dataset_new (lo, hi, 0.002);

  for (guint l = 0; l < n_layers; l++)
    {
      g_autofree char *id = g_strdup_printf ("layer-%u", l);
      guint layer = test_add_layer (dataset, id);

      test_add_neutral (dataset, layer, "buy", 0.01, 0.3);
      test_add_integrated (dataset, layer, "build", 0.02, 0.15, reference, 0.001);
      test_option (dataset, layer, 1)->fixed_cost = test_number (fixed * (l % cycle + 1));
    }
  return dataset;
}

/* The label boxes of a layer's name @long_name: its first line (a
 * label that begins the name) and the line right under it, aligned
 * with it on the right or the left, or NULL. */
static void
name_lines (GArray                    *boxes,
            const char                *long_name,
            const StrataChartTextBox **first,
            const StrataChartTextBox **second)
{
  *first = *second = NULL;
  for (guint i = 0; i < boxes->len; i++)
    {
      const StrataChartTextBox *box = &g_array_index (boxes, StrataChartTextBox, i);

      if (box->role != STRATA_TEXT_LABEL)
        continue;
      if (*first == NULL && strlen (box->text) > 4 &&
          (g_str_has_prefix (long_name, box->text) ||
           (g_str_has_suffix (box->text, "\xE2\x80\xA6") &&
            strncmp (long_name, box->text, strlen (box->text) - 3) == 0)))
        *first = box;
      else if (*first != NULL && *second == NULL && box->rect.y > (*first)->rect.y
               && box->rect.y < (*first)->rect.y + (*first)->rect.height * 1.5
               && (fabs (box->rect.x + box->rect.width - ((*first)->rect.x + (*first)->rect.width)) < 0.01 ||
                   fabs (box->rect.x - (*first)->rect.x) < 0.01))
        *second = box;
    }
}

/* The name whole on the two lines, balanced, the second under the first. */
static void
assert_two_lines (const StrataChartTextBox *first,
                  const StrataChartTextBox *second,
                  const char               *long_name)
{
  g_autofree char *joined = NULL;

  g_assert_nonnull (first);
  g_assert_nonnull (second);
  joined = g_strdup_printf ("%s %s", first->text, second->text);
  g_assert_cmpstr (joined, ==, long_name);
  /* The break balances the lines: not one word left over. */
  g_assert_nonnull (strchr (second->text, ' '));
  g_assert_cmpfloat (second->rect.y, >=, first->rect.y + first->rect.height - 1);
}

/* A layer's name wider than the ladder's names column goes on two
 * lines where the rows are tall enough (a slide of a few layers), whole,
 * balanced and right-aligned; in rows one line high it stays on one line, cut to
 * the column. */
static void
test_ladder_long_names (void)
{
  static const struct {
    gboolean         many;
    StrataTheme      theme;
    int              width, height;
  } cases[] = {
    { FALSE, STRATA_THEME_SLIDE, 1920, 1080 },
    { FALSE, STRATA_THEME_DARK, 1280, 720 },
    { TRUE, STRATA_THEME_SLIDE, 1920, 1080 },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      gboolean many = cases[c].many;
      const char *long_name = many ? "Data centres, hardware security modules and the private network between all our regions"
                                   : "Data centres and hardware security modules";
      g_autoptr(StrataDataset) dataset = buy_build_dataset (many ? 40 : 4, 1e5, 1e11, 1e7, 4e6, G_MAXUINT);
      StrataChartRequest request = { 0 };
      g_autoptr(GArray) boxes = NULL;
      const StrataChartTextBox *first = NULL, *second = NULL;
      g_free (dataset->layers[0].name);
      dataset->layers[0].name = g_strdup (long_name);
      strata_dataset_finish (dataset);
      request.dataset = dataset;
      request.volume = dataset->volume_default;
      request.theme = cases[c].theme;
      boxes = strata_chart_layout_text_boxes (STRATA_CHART_LADDER, &request, cases[c].width, cases[c].height);
      name_lines (boxes, long_name, &first, &second);
      g_assert_nonnull (first);
      if (!many)
        assert_two_lines (first, second, long_name);
      else
        {
          /* One line, cut to the names' column (a fifth of the width
           * and a bit). */
          g_assert_null (second);
          g_assert_cmpfloat (first->rect.width, <=, cases[c].width * 0.22 + 2);
        }
    }
}

/* The ladder's "current volume" label is drawn whole, clear of the
 * legend's text and swatches, wherever the volume is: with a dozen rows
 * filling the view the label shares the legend's line, and where neither
 * side of the line was free of the legend it was cut ("current volume 10"
 * under the Neutral swatch) or, once the swatches were kept clear, not
 * drawn; the legend moves left then. */
static void
test_ladder_volume_label (void)
{
  static const int sizes[][2] = { { 880, 530 }, { 1000, 700 }, { 1280, 720 }, { 1920, 1080 } };
  static const double where[] = { 0.05, 0.5, 0.8, 0.9, 1.0 };
  guint moved = 0;

  for (guint n_layers = 4; n_layers <= 12; n_layers += 8)
    {
      g_autoptr(StrataDataset) dataset = buy_build_dataset (n_layers, 1e7, 1e11, 1e9, 4e6, G_MAXUINT);

      strata_dataset_finish (dataset);
      for (guint z = 0; z < G_N_ELEMENTS (sizes); z++)
        for (guint w = 0; w < G_N_ELEMENTS (where); w++)
          for (guint t = 0; t < 2; t++)
            {
              StrataChartRequest request = { 0 };
              g_autoptr(GArray) boxes = NULL;
              const StrataChartTextBox *label = NULL, *neutral = NULL, *integrated = NULL;

              request.dataset = dataset;
              request.volume = exp (log (1e7) + where[w] * (log (1e11) - log (1e7)));
              request.theme = t == 0 ? STRATA_THEME_LIGHT : STRATA_THEME_DARK;
              boxes = strata_chart_layout_text_boxes (STRATA_CHART_LADDER, &request, sizes[z][0], sizes[z][1]);
              for (guint i = 0; i < boxes->len; i++)
                {
                  const StrataChartTextBox *box = &g_array_index (boxes, StrataChartTextBox, i);

                  if (g_str_has_prefix (box->text, "current volume "))
                    label = box;
                  else if (g_str_equal (box->text, "Neutral (buy)"))
                    neutral = box;
                  else if (g_str_equal (box->text, "Integrated (build)"))
                    integrated = box;
                }
              g_assert_nonnull (neutral);
              g_assert_nonnull (integrated);
              if (label == NULL)
                for (guint i = 0; i < boxes->len; i++)
                  {
                    const StrataChartTextBox *box = &g_array_index (boxes, StrataChartTextBox, i);

                    g_printerr ("%7.1f %7.1f %7.1f %7.1f %s\n", box->rect.x, box->rect.y, box->rect.width,
                                box->rect.height, box->text);
                  }
              if (label == NULL)
                g_error ("%u layers, %d x %d, volume at %g: no current volume label", n_layers,
                         sizes[z][0], sizes[z][1], where[w]);
              g_assert_false (g_str_has_suffix (label->text, "\xE2\x80\xA6"));
              for (guint e = 0; e < 2; e++)
                {
                  const StrataChartTextBox *entry = e == 0 ? neutral : integrated;
                  /* The entry with its swatch, a little more than a line
                   * height left of its text. */
                  StrataChartRect reach = { entry->rect.x - entry->rect.height * 1.6, entry->rect.y,
                                            entry->rect.width + entry->rect.height * 1.6, entry->rect.height };

                  g_assert_false (label->rect.x < reach.x + reach.width && reach.x < label->rect.x + label->rect.width &&
                                  label->rect.y < reach.y + reach.height && reach.y < label->rect.y + label->rect.height);
                }
              moved += neutral->rect.x < sizes[z][0] / 2;
            }
    }
  /* Some cases needed the legend on the left. */
  g_assert_cmpuint (moved, >, 0);
}

/* The value chain's shares as written add up to 100 %, or its legend
 * says that market interfaces were too small to label: with a dozen
 * layers in the app's view the interfaces' shares had no room beside the
 * blocks' notes and were left out silently (94 % in all). */
static void
test_value_chain_shares_told (void)
{
  static const int sizes[][2] = { { 880, 530 }, { 1280, 720 }, { 1920, 1080 } };
  guint told = 0, whole = 0;

  for (guint n_layers = 4; n_layers <= 16; n_layers += 4)
    {
      g_autoptr(StrataDataset) dataset = buy_build_dataset (n_layers, 1e7, 1e11, 1e9, 4e8, 3);

      strata_dataset_finish (dataset);
      for (guint z = 0; z < G_N_ELEMENTS (sizes); z++)
        {
          StrataChartRequest request = { 0 };
          const StrataStrategy *optimal = strata_dataset_find_strategy (dataset, "optimal");
          g_autoptr(GArray) boxes = NULL;
          double sum = 0;
          gboolean says = FALSE;

          request.dataset = dataset;
          request.volume = 1e9;
          request.strategies = &optimal;
          request.n_strategies = 1;
          boxes = strata_chart_layout_text_boxes (STRATA_CHART_VALUE_CHAIN, &request, sizes[z][0], sizes[z][1]);
          for (guint i = 0; i < boxes->len; i++)
            {
              const StrataChartTextBox *box = &g_array_index (boxes, StrataChartTextBox, i);

              if (box->key != NULL && g_str_has_prefix (box->key, "share:"))
                sum += box->value;
              says |= strstr (box->text, "too small to label") != NULL;
            }
          if (g_test_verbose ())
            g_printerr ("%u layers at %d x %d: shares %.4f, told %d\n", n_layers, sizes[z][0], sizes[z][1], sum, says);
          g_assert_true (fabs (sum - 1) < 1e-9 || says);
          told += says;
          whole += fabs (sum - 1) < 1e-9;
        }
    }
  g_assert_cmpuint (told, >, 0);
  g_assert_cmpuint (whole, >, 0);
}

/* The position of the first text box reading @text exactly, or -1. */
static int
box_index (GArray     *boxes,
           const char *text)
{
  for (guint i = 0; i < boxes->len; i++)
    if (g_str_equal (g_array_index (boxes, StrataChartTextBox, i).text, text))
      return (int) i;
  return -1;
}

/* The layers the AI cloud sample's chips and models get in the tests of
 * long names. */
static const char *const long_names[] = { "Custom accelerators and hardware security modules",
                                          "Foundation models, fine-tuning and evaluation pipelines" };

/* The AI cloud sample with its chips (layer 0) and models (layer 2)
 * named long_names[]. */
static StrataDataset *
long_names_sample (void)
{
  StrataDataset *dataset = load_sample ("ai-cloud-stack.strata.json");

  g_assert_cmpuint (dataset->n_layers, >=, 3);
  for (guint l = 0; l < G_N_ELEMENTS (long_names); l++)
    {
      g_free (dataset->layers[2 * l].name);
      dataset->layers[2 * l].name = g_strdup (long_names[l]);
    }
  return dataset;
}

/* A request of every default strategy of @dataset at its default volume,
 * with a Monte Carlo of 200 draws of the first against the second (which
 * the caller frees); sets *@strategies (the caller's to free). */
static StrataMonteCarlo *
long_names_request (StrataDataset            *dataset,
                    const StrataStrategy   ***strategies,
                    StrataChartRequest       *request)
{
  g_autoptr(GError) error = NULL;
  StrataMonteCarloParams params;
  StrataMonteCarlo *mc;
  guint n;

  *strategies = strata_chart_default_strategies (dataset, &n);
  strata_monte_carlo_params_init (&params, dataset);
  params.n_draws = 200;
  params.strategies = *strategies;
  params.n_strategies = n;
  params.a = (*strategies)[0];
  params.b = (*strategies)[1];
  mc = strata_monte_carlo_run (dataset, &params, NULL, &error);
  g_assert_no_error (error);
  request->dataset = dataset;
  request->strategies = *strategies;
  request->n_strategies = n;
  request->volume = dataset->volume_default;
  request->monte_carlo = mc;
  return mc;
}

/* The switch points' and the tornado's rows keep both the layer and the
 * option a number belongs to (a link's both layers), and the switch
 * points' column on the right the option a layer changes to,
 * however long the layers' names: "Custom acceler… / Merchant GPUs:
 * margin" and "… → Merchant GPUs", not "Custom accelerators and hardware
 * s…: margin" and "… Custom accelerators and hardware security m…". */
static void
test_switchpoints_long_names (void)
{
  g_autoptr(StrataDataset) dataset = long_names_sample ();
  guint n, rows = 0, changes = 0;
  g_autofree const StrataStrategy **strategies = NULL;
  StrataChartRequest request = { 0 };
  g_autoptr(GArray) boxes = NULL;

  strategies = strata_chart_default_strategies (dataset, &n);
  request.dataset = dataset;
  request.strategies = strategies;
  request.n_strategies = n;
  request.volume = dataset->volume_default;
  request.theme = STRATA_THEME_SLIDE;
  /* The dataset's first strategy, whose links are active. */
  request.current = 2;
  g_assert_nonnull (strategies[2]->choices);
  g_assert_false (g_str_has_prefix (strategies[2]->id, "all-"));
  /* The tornado's rows too, and its links' both layers. */
  for (guint k = 0; k < 2; k++)
    {
      StrataChartKind kind = k == 0 ? STRATA_CHART_SWITCHPOINTS : STRATA_CHART_TORNADO;
      guint links = 0;

      rows = changes = 0;
      boxes = strata_chart_layout_text_boxes (kind, &request, 1920, 1080);
      for (guint i = 0; i < boxes->len; i++)
        {
          const StrataChartTextBox *box = &g_array_index (boxes, StrataChartTextBox, i);
          const char *arrow = g_strrstr (box->text, " \xE2\x86\x92 ");
          gboolean option_whole = FALSE;

          if (box->role == STRATA_TEXT_LABEL && strstr (box->text, " / ") != NULL && strchr (box->text, ':') != NULL)
            {
              /* "Layer / Option: field": an option's field, both named. */
              g_assert_false (g_str_has_prefix (strstr (box->text, " / ") + 3, "\xE2\x80\xA6"));
              rows++;
            }
          if (box->role == STRATA_TEXT_LABEL && g_str_has_prefix (box->text, "Link ") && arrow != NULL)
            {
              /* "Link From → To: saving": both layers named. */
              g_assert_false (g_str_has_prefix (arrow + 5, "\xE2\x80\xA6"));
              links++;
            }
          if (box->role != STRATA_TEXT_VALUE || arrow == NULL || g_strcmp0 (box->key, "switchpoints:switch") != 0)
            continue;
          /* The last change names its option whole. */
          for (guint l = 0; l < dataset->n_layers; l++)
            for (guint o = 0; o < dataset->layers[l].n_options; o++)
              option_whole |= g_str_equal (arrow + 5, dataset->layers[l].options[o].name);
          if (!option_whole)
            g_error ("\"%s\" does not end with the option it changes to", box->text);
          changes++;
        }
      g_assert_cmpuint (rows, >=, 5);
      if (kind == STRATA_CHART_SWITCHPOINTS)
        g_assert_cmpuint (changes, >=, 5);
      else
        g_assert_cmpuint (links, >=, 1);
      g_clear_pointer (&boxes, g_array_unref);
    }
}

/* Where a chart cuts a long name, a pointer over its row is told it
 * whole (strata_chart_layout_hit_detail ()): the roadmap's rows with each
 * run of an option and the years one is built, the chances' layer odds,
 * and the tornado's and switch points' numbers with both ends.  At the
 * size of the app's chart at 800 x 600 ("Custom accelerators and
 * har…"). */
static void
test_hover_whole_names (void)
{
  static const StrataChartKind kinds[] = { STRATA_CHART_ROADMAP, STRATA_CHART_CHANCES,
                                           STRATA_CHART_TORNADO, STRATA_CHART_SWITCHPOINTS };
  g_autoptr(StrataDataset) dataset = long_names_sample ();
  g_autofree const StrataStrategy **strategies = NULL;
  StrataMonteCarlo *mc;
  StrataChartRequest request = { 0 };

  mc = long_names_request (dataset, &strategies, &request);
  request.theme = STRATA_THEME_LIGHT;
  request.current = 2;
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      double width = 760, height = kinds[k] == STRATA_CHART_CHANCES ? 330 : 300;
      g_autoptr(GArray) boxes = strata_chart_layout_text_boxes (kinds[k], &request, width, height);
      g_autoptr(StrataChartLayout) layout = strata_chart_layout_new (kinds[k], &request, width, height);
      guint cut = 0, told = 0;

      for (guint i = 0; i < boxes->len; i++)
        {
          const StrataChartTextBox *box = &g_array_index (boxes, StrataChartTextBox, i);
          g_autofree char *detail = NULL;
          g_auto(GStrv) lines = NULL;
          const char *whole = NULL;

          if (box->role != STRATA_TEXT_LABEL)
            continue;
          /* A long name, cut, the first of its two lines, or whole in
           * type as small as its row (the chances' layer odds). */
          for (guint l = 0; l < G_N_ELEMENTS (long_names); l++)
            if (strncmp (long_names[l], box->text, 8) == 0)
              whole = long_names[l];
          if (whole == NULL)
            continue;
          detail = strata_chart_layout_hit_detail (layout, box->rect.x + box->rect.width / 2,
                                                   box->rect.y + box->rect.height / 2);
          if (g_test_verbose ())
            g_printerr ("chart %d: \"%s\" hovered: %s\n", kinds[k], box->text, detail);
          g_assert_nonnull (detail);
          lines = g_strsplit (detail, "\n", -1);
          g_assert_cmpuint (g_strv_length (lines), >=, 2);
          /* The heading: the name itself, or the number of an option of
           * the layer ("Layer / Option: field"), never cut. */
          g_assert_nonnull (strstr (lines[0], whole));
          g_assert_null (strstr (detail, "\xE2\x80\xA6"));
          if (kinds[k] == STRATA_CHART_ROADMAP && g_str_has_suffix (box->text, "\xE2\x80\xA6"))
            cut++;
          if (kinds[k] == STRATA_CHART_ROADMAP)
            {
              g_assert_cmpstr (lines[0], ==, whole);
              /* "2026–2035: Own models, built in-house" */
              g_assert_true (g_str_has_prefix (lines[1], "20"));
              g_assert_true (g_str_has_suffix (lines[1], ", bought") ||
                             g_str_has_suffix (lines[1], ", built in-house"));
            }
          else if (kinds[k] == STRATA_CHART_CHANCES)
            g_assert_true (g_str_has_prefix (lines[1], "Integrated in the optimum: "));
          else if (kinds[k] == STRATA_CHART_TORNADO)
            {
              g_assert_cmpuint (g_strv_length (lines), ==, 3);
              g_assert_true (g_str_has_prefix (lines[1], "At its low: "));
              g_assert_true (g_str_has_prefix (lines[2], "At its high: "));
            }
          else
            /* The list's sentence: "The optimum buys … if …". */
            g_assert_true (g_str_has_prefix (lines[1], "The optimum ") && strstr (lines[1], " if ") != NULL);
          told++;
        }
      g_assert_cmpuint (told, >=, 1);
      /* The roadmap's are cut at this size (its rows are one line
       * high): else this would not test what it is for. */
      if (kinds[k] == STRATA_CHART_ROADMAP)
        g_assert_cmpuint (cut, ==, told);
    }
  strata_monte_carlo_free (mc);
}

/* The compare chart puts the objective's figures first (MODEL.md 3,
 * objective): with effective, Effective unit cost and Effective unit
 * profit (which it did not show at all, beside the summary's "Effective
 * Unit Profit $4.67"); with cash, Unit cost and Unit profit.  Its
 * figures are the model's, and its CSV has the column.  A dataset
 * without ecosystem values has no panel of zeros for them. */
static void
test_compare_objective_first (void)
{
  g_autoptr(StrataDataset) dataset = load_sample ("ai-cloud-stack.strata.json");
  guint n;
  g_autofree const StrataStrategy **strategies = strata_chart_default_strategies (dataset, &n);

  for (int cash = 0; cash < 2; cash++)
    {
      StrataChartRequest request = { 0 };
      g_autoptr(GArray) boxes = NULL;
      g_autofree guint *choices = g_new0 (guint, dataset->n_layers);
      g_autofree char *key = g_strdup_printf ("compare:effective_unit_profit:%s", strategies[0]->id);
      g_autofree char *csv = NULL;
      const StrataChartTextBox *box;
      StrataOutcome outcome;
      int eff_cost, cost, eff_profit, profit;

      request.dataset = dataset;
      request.strategies = strategies;
      request.n_strategies = n;
      request.volume = dataset->volume_default;
      request.objective = cash ? STRATA_OBJECTIVE_CASH : STRATA_OBJECTIVE_EFFECTIVE;
      boxes = strata_chart_layout_text_boxes (STRATA_CHART_COMPARE, &request, 1920, 1080);
      eff_cost = box_index (boxes, "Effective unit cost");
      cost = box_index (boxes, "Unit cost");
      eff_profit = box_index (boxes, "Effective unit profit");
      profit = box_index (boxes, "Unit profit");
      g_assert_cmpint (MIN (MIN (eff_cost, cost), MIN (eff_profit, profit)), >=, 0);
      g_assert_true (cash ? cost < eff_cost && profit < eff_profit : eff_cost < cost && eff_profit < profit);
      /* At a thumbnail's size, the objective's profit (the summary's
       * profit card) stays, before latency and the other profits: it
       * was left out for them at 800 x 450; so do the summary's supplier
       * margin and capital at risk. */
      {
        g_autoptr(GArray) small = strata_chart_layout_text_boxes (STRATA_CHART_COMPARE, &request, 800, 450);

        g_assert_cmpint (box_index (small, cash ? "Unit profit" : "Effective unit profit"), >=, 0);
        g_assert_cmpint (box_index (small, cash ? "Unit cost" : "Effective unit cost"), >=, 0);
        /* And the summary's other figures. */
        g_assert_cmpint (box_index (small, "Supplier margin"), >=, 0);
        g_assert_cmpint (box_index (small, "Capital at risk"), >=, 0);
      }

      strata_strategy_resolve_full (dataset, strategies[0], request.objective, request.volume, choices);
      strata_evaluate (dataset, choices, request.volume, &outcome, NULL);
      box = box_with_key (boxes, key);
      g_assert_nonnull (box);
      g_assert_cmpfloat (box->value, ==, outcome.effective_unit_profit);

      g_assert_cmpint (box_index (boxes, "Ecosystem value"), >=, 0);
      csv = strata_chart_data_csv (STRATA_CHART_COMPARE, &request);
      g_assert_nonnull (strstr (csv, ",effective unit profit (USD per 1M tokens)\n"));
      /* capital_at_risk is an amount per year (MODEL.md 3): its column says so. */
      g_assert_nonnull (strstr (csv, ",capital at risk (USD per year),"));
    }

  /* Without any ecosystem value, no panel of zeros (as for latency). */
  for (guint l = 0; l < dataset->n_layers; l++)
    for (guint o = 0; o < dataset->layers[l].n_options; o++)
      dataset->layers[l].options[o].ecosystem_value = test_number (0);
  {
    StrataChartRequest request = { 0 };
    g_autoptr(GArray) boxes = NULL;

    request.dataset = dataset;
    request.strategies = strategies;
    request.n_strategies = n;
    request.volume = dataset->volume_default;
    boxes = strata_chart_layout_text_boxes (STRATA_CHART_COMPARE, &request, 1920, 1080);
    g_assert_cmpint (box_index (boxes, "Ecosystem value"), <, 0);
    g_assert_cmpint (box_index (boxes, "Effective unit cost"), >=, 0);
  }
}

/* The roadmap's rows, the Chances chart's odds ladder and the value
 * chain's blocks give a long layer name two lines too where their
 * column is too narrow for it, at
 * the sizes of a slide and of the app's window, in every theme: "Custom
 * accelerators and / hardware security modules", not "Custom
 * accelerators and …".  Every other name still reads whole on one
 * line. */
static void
test_rows_long_names (void)
{
  static const int sizes[][2] = { { 1920, 1080 }, { 1280, 720 }, { 1000, 700 } };
  static const StrataChartKind kinds[] = { STRATA_CHART_ROADMAP, STRATA_CHART_CHANCES, STRATA_CHART_VALUE_CHAIN };
  g_autoptr(StrataDataset) dataset = long_names_sample ();
  g_autofree const StrataStrategy **strategies = NULL;
  StrataMonteCarlo *mc;
  StrataChartRequest request = { 0 };
  guint two_lines[3] = { 0, 0, 0 };

  mc = long_names_request (dataset, &strategies, &request);
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    for (guint z = 0; z < G_N_ELEMENTS (sizes); z++)
      for (guint t = 0; t < 3; t++)
        {
          g_autoptr(GArray) boxes = NULL;

          request.theme = t == 0 ? STRATA_THEME_SLIDE : t == 1 ? STRATA_THEME_LIGHT : STRATA_THEME_DARK;
          boxes = strata_chart_layout_text_boxes (kinds[k], &request, sizes[z][0], sizes[z][1]);
          for (guint l = 0; l < G_N_ELEMENTS (long_names); l++)
            {
              const StrataChartTextBox *first, *second;

              name_lines (boxes, long_names[l], &first, &second);
              if (g_test_verbose ())
                g_printerr ("chart %d %d x %d theme %u: \"%s\" / \"%s\"\n", kinds[k], sizes[z][0],
                            sizes[z][1], t, first != NULL ? first->text : "-", second != NULL ? second->text : "-");
              g_assert_nonnull (first);
              /* Whole: on one line where the column holds it, else on
               * two; on one line of a little smaller type where a row is
               * too short for two (the slide's Chances rows), never cut
               * at the names' column ("Custom accelerators and
               * hardware security mod…"). */
              if (g_str_equal (first->text, long_names[l]))
                {
                  int other = box_index (boxes, dataset->layers[1].name);

                  g_assert_cmpint (other, >=, 0);
                  g_assert_cmpfloat (first->rect.height, >=,
                                     g_array_index (boxes, StrataChartTextBox, other).rect.height * 0.65);
                  continue;
                }
              assert_two_lines (first, second, long_names[l]);
              two_lines[k]++;
            }
          /* The panels' titles are read whole: smaller type before an
           * ellipsis ("Break-even volume, Amazon-style hybrid against
           * All ne…" on a slide). */
          if (kinds[k] == STRATA_CHART_CHANCES && sizes[z][0] >= 1280)
            {
              g_autofree char *title = g_strdup_printf ("Break-even volume, %s against %s", strategies[0]->name,
                                                        strategies[1]->name);
              /* Not "Chance … is cheaper than …", read as cut short. */
              g_autofree char *odds = g_strdup_printf ("Chance %s is cheaper than each other strategy",
                                                       strategies[0]->name);

              g_assert_cmpint (box_index (boxes, title), >=, 0);
              g_assert_cmpint (box_index (boxes, odds), >=, 0);
            }
          for (guint l = 1; l < dataset->n_layers; l += 2)
            {
              gboolean whole = FALSE;

              for (guint i = 0; i < boxes->len; i++)
                whole |= g_str_equal (g_array_index (boxes, StrataChartTextBox, i).text,
                                      dataset->layers[l].name);
              g_assert_true (whole);
            }
        }
  /* The roadmap's action title counts two long names' layers, so the
   * outcome fits a slide's two lines: not "Switch Custom accelerators
   * and hardware security modules in 2026 and Foundation models, ...
   * in 2026: the roadmap saves $131 B by 203…". */
  {
    g_autofree char *title = strata_chart_action_title (STRATA_CHART_ROADMAP, &request);

    g_assert_nonnull (title);
    g_assert_true (g_str_has_prefix (title, "Switch 2 layers from "));
    g_assert_nonnull (strstr (title, "the roadmap saves"));
  }
  /* A slide's action title is read whole: two lines of smaller type
   * before the second is cut (a switch point of the long name ended
   * "(today 75.0 %; range 73.0 %–7…"). */
  {
    g_autoptr(GError) error = NULL;
    StrataExportOptions options;
    g_autoptr(GBytes) svg = NULL;
    g_autofree char *title = strata_chart_action_title (STRATA_CHART_SWITCHPOINTS, &request);
    g_autofree char *text = NULL;
    const char *end;

    g_assert_nonnull (title);
    g_assert_cmpuint (strlen (title), >, 120);
    end = title + strlen (title) - 12;
    strata_export_options_init (&options, STRATA_EXPORT_SVG, STRATA_THEME_SLIDE);
    request.theme = STRATA_THEME_SLIDE;
    svg = strata_chart_render (STRATA_CHART_SWITCHPOINTS, &request, &options, &error);
    g_assert_no_error (error);
    text = g_strndup (g_bytes_get_data (svg, NULL), g_bytes_get_size (svg));
    if (strstr (text, end) == NULL)
      g_error ("the slide's title \"%s\" is cut: no \"%s\" in the SVG", title, end);
  }
  /* Each chart took two lines at some of the sizes. */
  g_assert_cmpuint (two_lines[0], >, 0);
  g_assert_cmpuint (two_lines[1], >, 0);
  g_assert_cmpuint (two_lines[2], >, 0);
  strata_monte_carlo_free (mc);
}

/* The pixel at (@x, @y) of an RGB24 image, as three channels. */
static void
pixel_at (cairo_surface_t *image,
          int              x,
          int              y,
          int             *rgb)
{
  const guint8 *row = cairo_image_surface_get_data (image) + (gsize) y * cairo_image_surface_get_stride (image);
  guint32 p = ((const guint32 *) (gconstpointer) row)[x];

  rgb[0] = (p >> 16) & 0xff;
  rgb[1] = (p >> 8) & 0xff;
  rgb[2] = p & 0xff;
}

/* The current volume's dashed line stops at the ladder's text: where it
 * runs through an option's name or a flip's label ("integrate above
 * 60.9 M", "Own app store" on the consumer-devices sample at 100 M),
 * every pixel of its columns inside the text's box is the block's
 * colour or lighter (the glyphs), none darker (the line).  The line's
 * place is the volume axis's tick at the current volume. */
static void
test_ladder_line_breaks_at_text (void)
{
  static const int sizes[][2] = { { 1920, 1080 }, { 1280, 720 } };
  g_autoptr(StrataDataset) dataset = load_sample ("consumer-devices.strata.json");
  guint checked = 0;

  for (guint z = 0; z < G_N_ELEMENTS (sizes); z++)
    for (int theme = STRATA_THEME_LIGHT; theme <= STRATA_THEME_SLIDE; theme++)
      {
        StrataChartRequest request = { 0 };
        g_autoptr(GArray) boxes = NULL;
        cairo_surface_t *image;
        cairo_t *cr;
        double line_x = -1;

        request.dataset = dataset;
        request.volume = dataset->volume_default;
        request.theme = (StrataTheme) theme;
        image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, sizes[z][0], sizes[z][1]);
        cr = cairo_create (image);
        strata_chart_draw (STRATA_CHART_LADDER, &request, cr, sizes[z][0], sizes[z][1]);
        cairo_destroy (cr);
        cairo_surface_flush (image);
        boxes = strata_chart_layout_text_boxes (STRATA_CHART_LADDER, &request, sizes[z][0], sizes[z][1]);
        for (guint i = 0; i < boxes->len; i++)
          {
            const StrataChartTextBox *box = &g_array_index (boxes, StrataChartTextBox, i);
            double v;

            if (box->role == STRATA_TEXT_AXIS && strata_parse_volume (box->text, &v, NULL) &&
                fabs (v / request.volume - 1) < 1e-9)
              line_x = box->rect.x + box->rect.width / 2;
          }
        g_assert_cmpfloat (line_x, >, 0);

        for (guint i = 0; i < boxes->len; i++)
          {
            const StrataChartTextBox *box = &g_array_index (boxes, StrataChartTextBox, i);
            int block[3], sx, y0 = (int) ceil (box->rect.y), y1 = (int) floor (box->rect.y + box->rect.height);

            if (box->role != STRATA_TEXT_LABEL || !(box->rect.x + 2 < line_x && line_x < box->rect.x + box->rect.width - 2) ||
                strata_dataset_find_layer (dataset, box->text) >= 0)
              continue;
            /* The block's colour beside the text, past its halo. */
            sx = (int) (box->rect.x + box->rect.width + 5);
            if (sx >= sizes[z][0] || fabs (sx - line_x) < 6)
              sx = (int) (box->rect.x - 5);
            pixel_at (image, sx, (y0 + y1) / 2, block);
            checked++;
            for (int y = y0; y < y1; y++)
              for (int x = (int) line_x - 1; x <= (int) line_x + 1; x++)
                {
                  int rgb[3];

                  pixel_at (image, x, y, rgb);
                  for (int c = 0; c < 3; c++)
                    {
                      if (rgb[c] < block[c] - 16)
                        g_test_message ("%dx%d theme %d: the line through \"%s\" at (%d, %d): "
                                        "%d %d %d on a block of %d %d %d", sizes[z][0], sizes[z][1],
                                        theme, box->text, x, y, rgb[0], rgb[1], rgb[2],
                                        block[0], block[1], block[2]);
                      g_assert_cmpint (rgb[c], >=, block[c] - 16);
                    }
                }
          }
        cairo_surface_destroy (image);
      }
  /* Two texts at each size and theme. */
  g_assert_cmpuint (checked, >=, 2 * G_N_ELEMENTS (sizes) * STRATA_N_THEMES);
}

/* The ladder's flip labels ("integrate above 143 M") lie between their
 * row's flips before and after them: no other flip's marker cuts through
 * one.  On a tall generated stack with rows of several close flips, at a
 * slide's size and at a window's; the flips' places from the volume
 * axis's tick labels. */
static void
test_ladder_flip_labels (void)
{
  static const double sizes[][2] = { { 1920, 1080 }, { 900, 560 }, { 700, 500 } };
  g_autoptr(StrataDataset) dataset = test_generated_dataset (7, 40, 5, 8, FALSE);
  g_autoptr(StrataLadder) ladder = strata_ladder_new_full (dataset, STRATA_OBJECTIVE_EFFECTIVE, 192);
  StrataChartRequest request = { 0 };
  guint checked = 0;

  request.dataset = dataset;
  request.volume = dataset->volume_default;
  request.theme = STRATA_THEME_LIGHT;
  for (guint z = 0; z < G_N_ELEMENTS (sizes); z++)
    {
      g_autoptr(GArray) boxes = strata_chart_layout_text_boxes (STRATA_CHART_LADDER, &request, sizes[z][0],
                                                                 sizes[z][1]);
      double tick_x[2] = { 0, 0 }, tick_v[2] = { 0, 0 };
      guint n_ticks = 0;

      /* The volume axis: x = a + b log V, from its first and last ticks. */
      for (guint i = 0; i < boxes->len; i++)
        {
          const StrataChartTextBox *box = &g_array_index (boxes, StrataChartTextBox, i);
          double v;

          if (box->role == STRATA_TEXT_AXIS && strata_parse_volume (box->text, &v, NULL))
            {
              guint k = n_ticks == 0 ? 0 : 1;

              tick_x[k] = box->rect.x + box->rect.width / 2;
              tick_v[k] = v;
              n_ticks++;
            }
        }
      g_assert_cmpuint (n_ticks, >=, 2);

      for (guint i = 0; i < boxes->len; i++)
        {
          const StrataChartTextBox *box = &g_array_index (boxes, StrataChartTextBox, i);
          double cy = box->rect.y + box->rect.height / 2, best = G_MAXDOUBLE;
          int layer = -1;

          if (!g_str_has_prefix (box->text, "integrate above ") && !g_str_has_prefix (box->text, "switch above ") &&
              !g_str_has_prefix (box->text, "buy above "))
            continue;
          /* Its row: the layer whose name's label is level with it. */
          for (guint j = 0; j < boxes->len; j++)
            {
              const StrataChartTextBox *name = &g_array_index (boxes, StrataChartTextBox, j);
              int l = strata_dataset_find_layer (dataset, name->text);
              double d = fabs (name->rect.y + name->rect.height / 2 - cy);

              if (l >= 0 && name->rect.x < box->rect.x && d < best)
                best = d, layer = l;
            }
          g_assert_cmpint (layer, >=, 0);
          for (guint f = 0; f < ladder->n_flips; f++)
            {
              double x;

              if (ladder->flips[f].layer != (guint) layer)
                continue;
              x = tick_x[0] + (tick_x[1] - tick_x[0]) * log (ladder->flips[f].volume / tick_v[0]) /
                  log (tick_v[1] / tick_v[0]);
              if (x > box->rect.x + 1 && x < box->rect.x + box->rect.width - 1)
                g_error ("%gx%g: \"%s\" in row %s is cut by the flip at %g (x %.1f in %.1f..%.1f)",
                         sizes[z][0], sizes[z][1], box->text, dataset->layers[layer].id,
                         ladder->flips[f].volume, x, box->rect.x, box->rect.x + box->rect.width);
            }
          checked++;
        }
    }
  g_assert_cmpuint (checked, >, 40);
}

/* The longest run of light pixels (all channels above 150 of 255) in row
 * @y between @x0 and @x1 of an RGB24 image. */
static guint
light_run (cairo_surface_t *image,
           int              y,
           int              x0,
           int              x1)
{
  const guint8 *row = cairo_image_surface_get_data (image) + (gsize) y * cairo_image_surface_get_stride (image);
  guint run = 0, longest = 0;

  for (int x = MAX (x0, 0); x < MIN (x1, cairo_image_surface_get_width (image)); x++)
    {
      guint32 p = ((const guint32 *) (gconstpointer) row)[x];
      gboolean light = ((p >> 16) & 0xff) > 150 && ((p >> 8) & 0xff) > 150 && (p & 0xff) > 150;

      run = light ? run + 1 : 0;
      longest = MAX (longest, run);
    }
  return longest;
}

/* A block's share bar (a light bar along its bottom) never runs through
 * the option's line like an underline: in a short block, where the
 * text reaches the bar's place, the bar is left out (the share is
 * printed beside the block).  Checked in the pixels of every sample's
 * value chain at several sizes: no row inside an option line's box has
 * a light run as long as a bar (glyphs break their rows far sooner). */
static void
test_value_chain_bar_clears_text (void)
{
  static const int sizes[][2] = { { 600, 300 }, { 400, 250 }, { 640, 420 }, { 1920, 1080 } };
  guint checked = 0;

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    for (guint k = 0; k < G_N_ELEMENTS (sizes); k++)
      for (int theme = STRATA_THEME_LIGHT; theme <= STRATA_THEME_SLIDE; theme++)
        {
          g_autoptr(StrataDataset) dataset = load_sample (samples[i]);
          const StrataStrategy *neutral = strata_dataset_find_strategy (dataset, "all-neutral");
          StrataChartRequest request = { 0 };
          g_autoptr(GArray) boxes = NULL;
          cairo_surface_t *image;
          cairo_t *cr;

          request.dataset = dataset;
          request.strategies = &neutral;
          request.n_strategies = 1;
          request.volume = dataset->volume_default;
          request.theme = (StrataTheme) theme;
          image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, sizes[k][0], sizes[k][1]);
          cr = cairo_create (image);
          strata_chart_draw (STRATA_CHART_VALUE_CHAIN, &request, cr, sizes[k][0], sizes[k][1]);
          cairo_destroy (cr);
          cairo_surface_flush (image);
          boxes = strata_chart_layout_text_boxes (STRATA_CHART_VALUE_CHAIN, &request, sizes[k][0], sizes[k][1]);
          for (guint b = 0; b < boxes->len; b++)
            {
              const StrataChartTextBox *box = &g_array_index (boxes, StrataChartTextBox, b);

              if (box->text == NULL || !g_str_has_suffix (box->text, "(neutral)"))
                continue;
              checked++;
              for (int y = (int) ceil (box->rect.y); y < (int) floor (box->rect.y + box->rect.height); y++)
                {
                  guint run = light_run (image, y, (int) box->rect.x, (int) (box->rect.x + box->rect.width));

                  /* A glyph's widest stroke (a T's bar) is about half the
                   * line's height. */
                  if (run >= 1.5 * box->rect.height)
                    g_test_message ("%s %dx%d theme %d: a bar through \"%s\" at y %d (%u px)",
                                    samples[i], sizes[k][0], sizes[k][1], theme, box->text, y, run);
                  g_assert_cmpfloat (run, <, 1.5 * box->rect.height);
                }
            }
          cairo_surface_destroy (image);
        }
  g_assert_cmpuint (checked, >, 50);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/strata/chart-numbers/colours-stable", test_colours_stable);
  g_test_add_func ("/strata/chart-numbers/numbers-match-model", test_numbers_match_model);
  g_test_add_func ("/strata/chart-numbers/value-chain-tall", test_value_chain_tall);
  g_test_add_func ("/strata/chart-numbers/value-chain-link-web", test_value_chain_link_web);
  g_test_add_func ("/strata/chart-numbers/value-chain-bar-clears-text", test_value_chain_bar_clears_text);
  g_test_add_func ("/strata/chart-numbers/ladder-flip-labels", test_ladder_flip_labels);
  g_test_add_func ("/strata/chart-numbers/ladder-line-under-labels", test_ladder_line_under_labels);
  g_test_add_func ("/strata/chart-numbers/ladder-line-breaks-at-text", test_ladder_line_breaks_at_text);
  g_test_add_func ("/strata/chart-numbers/log-axis-even", test_log_axis_even);
  g_test_add_func ("/strata/chart-numbers/ladder-long-names", test_ladder_long_names);
  g_test_add_func ("/strata/chart-numbers/rows-long-names", test_rows_long_names);
  g_test_add_func ("/strata/chart-numbers/switchpoints-long-names", test_switchpoints_long_names);
  g_test_add_func ("/strata/chart-numbers/hover-whole-names", test_hover_whole_names);
  g_test_add_func ("/strata/chart-numbers/ladder-volume-label", test_ladder_volume_label);
  g_test_add_func ("/strata/chart-numbers/compare-objective-first", test_compare_objective_first);
  g_test_add_func ("/strata/chart-numbers/value-chain-shares-told", test_value_chain_shares_told);

  return g_test_run ();
}
