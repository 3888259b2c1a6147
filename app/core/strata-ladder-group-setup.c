/* strata-ladder-group-setup.c: the groups of layers that may change
 * with a flipping one (certificate (e) of strata-ladder-private.h, the
 * argument in strata-ladder-group.c)
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-model"

#include "config.h"

#include "strata/strata-model.h"

#include "strata-ladder-private.h"

/* Adds layer @j of D to the group (FALSE when it is full). */
static gboolean
group_add (LadderGroup *g,
           guint        j)
{
  if (in_group (g, j))
    return TRUE;
  if (g->n_layers >= GROUP_MAX_LAYERS)
    return FALSE;
  g->layers[g->n_layers++] = j;
  return TRUE;
}

static inline gboolean
integrated_outside (const Locator *loc,
                    guint          t)
{
  guint k = set_only (loc, t);

  return k != G_MAXUINT && loc->dataset->layers[t].options[k].mode == STRATA_MODE_INTEGRATED;
}

/* Grows the group from its layer c by the three joins; FALSE when it
 * outgrows its arrays. */
static gboolean
group_grow (Locator     *loc,
            LadderGroup *g,
            guint        j)
{
  const Plan *plan = loc->plan;
  int pos = plan->linked_pos[j];

  if (j > 0 && in_d (loc, j - 1) && !group_add (g, j - 1))
    return FALSE;
  if (j + 1 < plan->n_layers && in_d (loc, j + 1) && !group_add (g, j + 1))
    return FALSE;
  if (pos < 0)
    return TRUE;
  for (guint l = 0; l < plan->n_links; l++)
    {
      const PlanLink *link = &plan->links[l];
      guint s = plan->linked[link->from_pos], t = plan->linked[link->to_pos];

      if (link->from_pos == (guint) pos && in_d (loc, t) && !group_add (g, t))
        return FALSE;
      if (link->to_pos == (guint) pos && in_d (loc, s) && !group_add (g, s))
        return FALSE;
      /* A target outside D, integrated: every source in D with j. */
      if (link->from_pos == (guint) pos && integrated_outside (loc, t))
        for (guint r = 0; r < plan->n_links; r++)
          if (plan->links[r].to_pos == link->to_pos &&
              in_d (loc, plan->linked[plan->links[r].from_pos]) &&
              !group_add (g, plan->linked[plan->links[r].from_pos]))
            return FALSE;
    }
  return TRUE;
}

/* Whether every layer's set holds an option (none is empty when some
 * cost is not finite everywhere): once an interval. */
gboolean
_strata_ladder_sets_full (Locator *loc)
{
  if (loc->gp_sets == 0)
    {
      loc->gp_sets = 1;
      for (guint j = 0; j < loc->plan->n_layers; j++)
        if (loc->set_start[j + 1] == loc->set_start[j])
          loc->gp_sets = 2;
    }
  return loc->gp_sets == 1;
}

/* Where layer @j is in the group (its slot), else -1 when it surely
 * runs integrated, -2 neutral (its set's one option). */
static gint8
group_slot (const Locator     *loc,
            const LadderGroup *g,
            guint              j)
{
  for (guint c = 0; c < g->n_layers; c++)
    if (g->layers[c] == j)
      return (gint8) c;
  return loc->dataset->layers[j].options[set_only (loc, j)].mode == STRATA_MODE_INTEGRATED ? -1
                                                                                          : -2;
}

/* The group's modes, links and interfaces by slot (LadderGroup); FALSE
 * when its terms have more links than it holds. */
static gboolean
group_compile (const Locator *loc,
               LadderGroup   *g)
{
  const Plan *plan = loc->plan;
  guint n_links = 0;

  for (guint c = 0; c < g->n_layers; c++)
    for (guint q = 0; q < g->n_options[c]; q++)
      g->mode[c][q] = (guint8) loc->dataset->layers[g->layers[c]].options[g->options[c][q]].mode;
  for (guint c = 0; c < g->n_layers + g->n_targets; c++)
    {
      guint j = c < g->n_layers ? g->layers[c] : g->targets[c - g->n_layers];
      int pos = plan->linked_pos[j];

      g->link_start[c] = n_links;
      if (pos < 0)
        continue;
      /* The same order as plan_least_factor (). */
      for (guint q = plan->in_start[pos]; q < plan->in_start[pos + 1]; q++)
        {
          const PlanLink *link = &plan->links[plan->in_list[q]];

          if (n_links >= GROUP_MAX_LINKS)
            return FALSE;
          g->link_slot[n_links] = group_slot (loc, g, plan->linked[link->from_pos]);
          g->link_mult[n_links++] = link->multiplier;
        }
    }
  g->link_start[g->n_layers + g->n_targets] = n_links;
  for (guint q = 0; q < g->n_ifaces; q++)
    for (guint side = 0; side < 2; side++)
      g->iface_slot[q][side] = group_slot (loc, g, g->ifaces[q] + side);
  return TRUE;
}

/* The group @g of layer @i over the interval's sets, its choices and
 * the layers and interfaces its F adds; FALSE when it is too large. */
gboolean
_strata_ladder_group_setup (Locator     *loc,
                            LadderGroup *g,
                            guint        i)
{
  const Plan *plan = loc->plan;
  guint n_mixes = 1;

  g->n_layers = 0;
  g->n_targets = 0;
  g->n_ifaces = 0;
  if (!in_d (loc, i) || !group_add (g, i))
    return FALSE;
  for (guint c = 0; c < g->n_layers; c++)
    if (!group_grow (loc, g, g->layers[c]))
      return FALSE;

  for (guint c = 0; c < g->n_layers; c++)
    {
      guint j = g->layers[c], n = loc->set_start[j + 1] - loc->set_start[j];

      if (n > GROUP_MAX_OPTIONS)
        return FALSE;
      n_mixes *= n;
      if (n_mixes > GROUP_MAX_MIXES)
        return FALSE;
      g->n_options[c] = n;
      for (guint q = 0; q < n; q++)
        g->options[c][q] = loc->set_list[loc->set_start[j] + q];

      /* The interfaces next to it, each once. */
      for (int e = (int) j - 1; e <= (int) j; e++)
        {
          gboolean seen = FALSE;

          if (e < 0 || (guint) e + 1 >= plan->n_layers)
            continue;
          for (guint q = 0; q < g->n_ifaces; q++)
            seen = seen || g->ifaces[q] == (guint) e;
          if (!seen)
            g->ifaces[g->n_ifaces++] = (guint) e;
        }

      /* The integrated layers outside D its links reach. */
      if (plan->linked_pos[j] >= 0)
        for (guint l = 0; l < plan->n_links; l++)
          {
            const PlanLink *link = &plan->links[l];
            guint t = plan->linked[link->to_pos];
            gboolean seen = FALSE;

            if (link->from_pos != (guint) plan->linked_pos[j] || !integrated_outside (loc, t))
              continue;
            for (guint q = 0; q < g->n_targets; q++)
              seen = seen || g->targets[q] == t;
            if (seen)
              continue;
            if (g->n_targets >= GROUP_MAX_LAYERS)
              return FALSE;
            g->targets[g->n_targets++] = t;
          }
    }
  return group_compile (loc, g);
}

/* Every group of D over the interval, once (into loc->gp_all); FALSE
 * when one is too large. */
gboolean
_strata_ladder_groups_ready (Locator *loc)
{
  guint n = loc->plan->n_layers;
  g_autofree guint8 *seen = NULL;

  if (loc->gp_all != NULL)
    return loc->gp_all_ok;
  loc->gp_all = g_array_new (FALSE, FALSE, sizeof (LadderGroup));
  loc->gp_all_ok = TRUE;
  seen = g_malloc0 (n);
  for (guint j = 0; j < n && loc->gp_all_ok; j++)
    {
      LadderGroup group;

      if (seen[j] || !in_d (loc, j))
        continue;
      loc->gp_all_ok = _strata_ladder_group_setup (loc, &group, j);
      for (guint c = 0; c < group.n_layers && loc->gp_all_ok; c++)
        seen[group.layers[c]] = TRUE;
      g_array_append_val (loc->gp_all, group);
    }
  return loc->gp_all_ok;
}
