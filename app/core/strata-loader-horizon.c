/* strata-loader-horizon.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The horizon fields of MODEL.md section 8: the top-level "horizon" object
 * and the options' capex, build_years, exit_cost and experience.  Every
 * problem goes back to the dataset loader (strata-loader.c) with its JSON
 * path, so the messages look like every other refusal.
 */

#define G_LOG_DOMAIN "strata-loader"

#include "config.h"

#include <math.h>
#include <string.h>

#include "strata/strata-format.h"
#include "strata-horizon-private.h"
#include "strata-loader-private.h"

typedef struct
{
  StrataHorizonReport report;
  gpointer            loader;
  gboolean            ok;
} Ctx;

G_GNUC_PRINTF (3, 4)
static void
problem (Ctx        *c,
         const char *path,
         const char *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  c->report (c->loader, STRATA_DATASET_ERROR_INVALID, path, message);
  c->ok = FALSE;
}

typedef gboolean (*HorizonRule) (double v);

static gboolean rule_nonneg (double v) { return v >= 0; }
static gboolean rule_positive (double v) { return v > 0; }
static gboolean rule_fraction (double v) { return v >= 0 && v < 1; }
static gboolean rule_growth (double v) { return v > -1; }

/* A number (or, with @uncertain_ok, {value, low, high}) obeying @rule;
 * @rule_text says the rule ("must be at least 0"). */
static gboolean
parse_number (Ctx          *c,
              JsonNode     *node,
              const char   *path,
              HorizonRule   rule,
              const char   *rule_text,
              gboolean      uncertain_ok,
              StrataNumber *out)
{
  char b0[STRATA_NUMBER_BUF_SIZE], b1[STRATA_NUMBER_BUF_SIZE], b2[STRATA_NUMBER_BUF_SIZE];

  if (strata_json_is_number (node))
    {
      double v = loader_number_of (node);

      if (!isfinite (v) || !rule (v))
        {
          problem (c, path, "%s, got %s", rule_text, strata_format_json_number (v, b0));
          return FALSE;
        }
      out->value = out->low = out->high = v;
      out->uncertain = FALSE;
      return TRUE;
    }
  if (uncertain_ok && JSON_NODE_HOLDS_OBJECT (node))
    {
      static const char * const parts[] = { "value", "low", "high" };
      JsonObject *u = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (u);
      double vals[3] = { 0, 0, 0 };
      gboolean ok = TRUE;

      for (GList *l = members; l != NULL; l = l->next)
        if (!g_strv_contains (parts, l->data))
          {
            g_autofree char *p = g_strconcat (path, ".", (char *) l->data, NULL);
            problem (c, p, "unknown key in an uncertain number (it takes only value, low and high)");
            ok = FALSE;
          }
      for (guint i = 0; i < 3; i++)
        {
          JsonNode *part = json_object_get_member (u, parts[i]);
          g_autofree char *p = g_strconcat (path, ".", parts[i], NULL);

          if (part == NULL)
            {
              problem (c, p, "missing (an uncertain number needs value, low and high)");
              ok = FALSE;
            }
          else if (!strata_json_is_number (part))
            {
              g_autofree char *got = loader_describe_got (part);
              problem (c, p, "must be a number, %s", got);
              ok = FALSE;
            }
          else
            {
              vals[i] = loader_number_of (part);
              if (!isfinite (vals[i]) || !rule (vals[i]))
                {
                  problem (c, p, "%s, got %s", rule_text,
                           strata_format_json_number (vals[i], b0));
                  ok = FALSE;
                }
            }
        }
      if (!ok)
        return FALSE;
      if (vals[1] > vals[0] || vals[0] > vals[2])
        {
          problem (c, path,
                   "an uncertain number needs low <= value <= high, got low %s, value %s, high %s",
                   strata_format_json_number (vals[1], b1),
                   strata_format_json_number (vals[0], b0),
                   strata_format_json_number (vals[2], b2));
          return FALSE;
        }
      out->value = vals[0];
      out->low = vals[1];
      out->high = vals[2];
      out->uncertain = TRUE;
      return TRUE;
    }

  {
    g_autofree char *got = loader_describe_got (node);

    if (uncertain_ok)
      problem (c, path,
               "must be a number or an uncertain number {\"value\", \"low\", \"high\"}, %s", got);
    else
      problem (c, path, "must be a number, %s", got);
  }
  return FALSE;
}

/* A whole number in [min, max]. */
static gboolean
parse_whole (Ctx        *c,
             JsonNode   *node,
             const char *path,
             double      min,
             double      max,
             const char *what,
             int        *out)
{
  char b0[STRATA_NUMBER_BUF_SIZE];
  double v;

  if (!strata_json_is_number (node))
    {
      g_autofree char *got = loader_describe_got (node);
      problem (c, path, "must be a whole number (%s), %s", what, got);
      return FALSE;
    }
  v = loader_number_of (node);
  if (!isfinite (v) || v != floor (v))
    {
      problem (c, path, "must be a whole number (%s), got %s", what,
               strata_format_json_number (v, b0));
      return FALSE;
    }
  if (v < min || v > max)
    {
      problem (c, path, "must be from %.0f to %.0f (%s), got %s", min, max, what,
               strata_format_json_number (v, b0));
      return FALSE;
    }
  *out = (int) v;
  return TRUE;
}

void
_strata_horizon_load_option (JsonObject          *obj,
                             const char          *base,
                             StrataOption        *opt,
                             gboolean             mode_known,
                             StrataHorizonReport  report,
                             gpointer             loader)
{
  Ctx c = { report, loader, TRUE };
  JsonNode *node;

  if ((node = json_object_get_member (obj, "capex")) != NULL)
    {
      g_autofree char *p = g_strconcat (base, ".capex", NULL);
      parse_number (&c, node, p, rule_nonneg, "must be at least 0", TRUE, &opt->capex);
    }
  if ((node = json_object_get_member (obj, "exit_cost")) != NULL)
    {
      g_autofree char *p = g_strconcat (base, ".exit_cost", NULL);
      parse_number (&c, node, p, rule_nonneg, "must be at least 0", TRUE, &opt->exit_cost);
    }
  if ((node = json_object_get_member (obj, "build_years")) != NULL)
    {
      g_autofree char *p = g_strconcat (base, ".build_years", NULL);
      int years = 0;

      if (parse_whole (&c, node, p, 0, STRATA_MAX_BUILD_YEARS,
                       "years from the decision until the option runs", &years))
        opt->build_years = (guint) years;
    }
  if ((node = json_object_get_member (obj, "experience")) != NULL)
    {
      g_autofree char *p = g_strconcat (base, ".experience", NULL);
      StrataNumber n;

      if (mode_known && opt->mode != STRATA_MODE_INTEGRATED)
        problem (&c, p, "applies only to integrated options (this option is neutral)");
      else if (parse_number (&c, node, p, rule_nonneg, "must be at least 0", FALSE, &n))
        opt->experience = n.value;
    }
}

/* Every V_t of {first, growth} at the corners of their ranges must be a
 * finite number above 0. */
static void
check_growth_range (Ctx           *c,
                    StrataHorizon *h)
{
  double firsts[2] = { h->volume_first.low, h->volume_first.high };
  double growths[2] = { h->volume_growth.low, h->volume_growth.high };
  char b0[STRATA_NUMBER_BUF_SIZE];

  for (guint i = 0; i < 2; i++)
    for (guint j = 0; j < 2; j++)
      {
        double last = firsts[i] * pow (1 + growths[j], h->years - 1);

        if (!isfinite (last) || last <= 0)
          {
            problem (c, "horizon.volume.growth",
                     "the volume of the last year (first x (1 + growth)^%u) would be %s, which is not a usable volume",
                     h->years - 1, strata_format_json_number (last, b0));
            return;
          }
      }
}

static void
load_volume (Ctx           *c,
             JsonNode      *node,
             StrataHorizon *h,
             gboolean       years_ok)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      guint n = json_array_get_length (array);

      h->volume_listed = TRUE;
      if (years_ok && n != h->years)
        {
          problem (c, "horizon.volume",
                   "a list of volumes needs exactly one volume a year (years is %u), got %u",
                   h->years, n);
          return;
        }
      if (!years_ok)
        return;
      h->volumes = g_new0 (double, MAX (n, 1));
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *p = g_strdup_printf ("horizon.volume[%u]", i);
          StrataNumber v;

          if (parse_number (c, json_array_get_element (array, i), p, rule_positive,
                            "a volume must be greater than 0", FALSE, &v))
            h->volumes[i] = v.value;
        }
      return;
    }
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      static const char * const keys[] = { "first", "growth", NULL };
      JsonObject *obj = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (obj);
      JsonNode *first = json_object_get_member (obj, "first");
      JsonNode *growth = json_object_get_member (obj, "growth");
      gboolean ok = TRUE;

      for (GList *l = members; l != NULL; l = l->next)
        if (!g_strv_contains (keys, l->data))
          {
            g_autofree char *p = g_strconcat ("horizon.volume.", (char *) l->data, NULL);
            problem (c, p, "unknown key (the volume of a horizon takes first and growth, or is a list of volumes)");
          }
      if (first == NULL)
        {
          problem (c, "horizon.volume.first", "missing (the volume of year 0 is required)");
          ok = FALSE;
        }
      else
        ok &= parse_number (c, first, "horizon.volume.first", rule_positive,
                            "must be greater than 0", TRUE, &h->volume_first);
      if (growth != NULL)
        ok &= parse_number (c, growth, "horizon.volume.growth", rule_growth,
                            "must be greater than -1 (a fall of 100 % a year leaves no volume)",
                            TRUE, &h->volume_growth);
      if (ok && years_ok)
        check_growth_range (c, h);
      return;
    }

  {
    g_autofree char *got = loader_describe_got (node);
    problem (c, "horizon.volume",
             "must be {\"first\", \"growth\"} or a list of one volume a year, %s", got);
  }
}

static gboolean
strategy_exists (const StrataDataset *ds,
                 const char          *id)
{
  if (g_str_equal (id, STRATA_STRATEGY_ALL_NEUTRAL)
      || g_str_equal (id, STRATA_STRATEGY_ALL_INTEGRATED)
      || g_str_equal (id, STRATA_STRATEGY_OPTIMAL))
    return TRUE;
  for (guint i = 0; i < ds->n_strategies; i++)
    if (g_strcmp0 (ds->strategies[i].id, id) == 0)
      return TRUE;
  return FALSE;
}

static void
load_start (Ctx                 *c,
            JsonNode            *node,
            const StrataDataset *ds,
            StrataHorizon       *h)
{
  const char *id;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_autofree char *got = loader_describe_got (node);
      problem (c, "horizon.start", "must be a strategy id (a string), %s", got);
      return;
    }
  id = json_node_get_string (node);
  if (!strategy_exists (ds, id))
    {
      g_autoptr(GString) all = g_string_new ("all-neutral, all-integrated, optimal");
      g_autoptr(GString) quoted = g_string_new (NULL);

      for (guint i = 0; i < ds->n_strategies && i < 12; i++)
        if (ds->strategies[i].id != NULL)
          g_string_append_printf (all, ", %s", ds->strategies[i].id);
      strata_append_json_string (quoted, id);
      problem (c, "horizon.start",
               "unknown strategy %s (the start is the strategy running today, one of: %s)",
               quoted->str, all->str);
      return;
    }
  g_free (h->start);
  h->start = g_strdup (id);
}

static void
load_learning (Ctx           *c,
               JsonNode      *node,
               StrataHorizon *h)
{
  const char *text = NULL;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    text = json_node_get_string (node);
  if (g_strcmp0 (text, "annual") == 0)
    h->learning = STRATA_LEARNING_ANNUAL;
  else if (g_strcmp0 (text, "cumulative") == 0)
    h->learning = STRATA_LEARNING_CUMULATIVE;
  else
    {
      g_autofree char *got = loader_describe_got (node);
      problem (c, "horizon.learning", "must be \"annual\" or \"cumulative\", %s", got);
    }
}

StrataHorizon *
_strata_horizon_load (JsonObject          *root,
                      const StrataDataset *ds,
                      StrataHorizonReport  report,
                      gpointer             loader)
{
  static const char * const known[] = {
    "first_year", "years", "discount_rate", "volume", "start", "learning", NULL
  };
  Ctx c = { report, loader, TRUE };
  JsonNode *node = json_object_get_member (root, "horizon");
  g_autoptr(GList) members = NULL;
  StrataHorizon *h;
  JsonObject *obj;
  gboolean years_ok = FALSE;
  int whole;

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *got = loader_describe_got (node);
      problem (&c, "horizon", "must be an object {\"first_year\", \"years\", \"discount_rate\", \"volume\", ...}, %s", got);
      return NULL;
    }
  obj = json_node_get_object (node);
  h = g_new0 (StrataHorizon, 1);
  h->start = g_strdup (STRATA_STRATEGY_ALL_NEUTRAL);

  if ((node = json_object_get_member (obj, "first_year")) == NULL)
    problem (&c, "horizon.first_year", "missing (the calendar year of year 0, such as 2026, is required)");
  else if (parse_whole (&c, node, "horizon.first_year", STRATA_HORIZON_MIN_YEAR,
                        STRATA_HORIZON_MAX_YEAR, "a calendar year", &whole))
    h->first_year = whole;

  if ((node = json_object_get_member (obj, "years")) == NULL)
    problem (&c, "horizon.years", "missing (the length of the plan in years is required)");
  else if (parse_whole (&c, node, "horizon.years", 1, STRATA_HORIZON_MAX_YEARS,
                        "the length of the plan", &whole))
    {
      h->years = (guint) whole;
      years_ok = TRUE;
    }

  if ((node = json_object_get_member (obj, "discount_rate")) == NULL)
    problem (&c, "horizon.discount_rate",
             "missing (the discount rate per year, such as 0.08, is required: 0 means money keeps its value)");
  else
    parse_number (&c, node, "horizon.discount_rate", rule_fraction,
                  "must be at least 0 and less than 1", TRUE, &h->discount_rate);

  if ((node = json_object_get_member (obj, "volume")) == NULL)
    problem (&c, "horizon.volume",
             "missing (the volume by year is required: {\"first\", \"growth\"} or a list of one volume a year)");
  else
    load_volume (&c, node, h, years_ok);

  if ((node = json_object_get_member (obj, "start")) != NULL)
    load_start (&c, node, ds, h);
  if ((node = json_object_get_member (obj, "learning")) != NULL)
    load_learning (&c, node, h);

  members = json_object_get_members (obj);
  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (known, l->data))
      {
        if (h->extra == NULL)
          h->extra = json_object_new ();
        json_object_set_member (h->extra, l->data,
                                json_node_copy (json_object_get_member (obj, l->data)));
      }

  if (!c.ok)
    g_clear_pointer (&h, strata_horizon_free);
  return h;
}
