/* strata-window-objective.c: what the window ranks strategies by
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-window"

#include "config.h"

#include "strata-window-private.h"

/*
 * The objective of MODEL.md section 3, switched in the sidebar (the
 * win.objective action, a property action on the window's "objective")
 * and remembered in GSettings: "effective" ranks by the unit cost less
 * ecosystem value, "cash" by the unit cost.  It lives in the scenario,
 * which solves the optimal strategy for it; the charts, the strip and
 * break-even read it from there.
 */

StrataObjective
_strata_window_get_objective (StrataWindow *self)
{
  g_return_val_if_fail (STRATA_IS_WINDOW (self), STRATA_OBJECTIVE_DEFAULT);

  if (self->scenario == NULL)
    return STRATA_OBJECTIVE_DEFAULT;
  return strata_scenario_get_objective (self->scenario);
}

gboolean
_strata_window_set_objective (StrataWindow *self,
                              const char   *name)
{
  StrataObjective objective;

  g_return_val_if_fail (STRATA_IS_WINDOW (self), FALSE);

  if (name == NULL || !strata_objective_from_string (name, &objective))
    return FALSE;
  if (objective == _strata_window_get_objective (self))
    return TRUE;

  strata_scenario_set_objective (self->scenario, objective);
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "objective", name);
  g_object_notify (G_OBJECT (self), "objective");
  return TRUE;
}

/* The objective last chosen, from the settings. */
void
_strata_window_init_objective (StrataWindow *self)
{
  g_autofree char *name = NULL;

  if (self->settings == NULL)
    return;

  name = g_settings_get_string (self->settings, "objective");
  if (!_strata_window_set_objective (self, name))
    g_warning ("Unknown objective “%s” in the settings; using effective", name);
}
