/* strata-window-unsaved.c: the question before unsaved changes are lost
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-window"

#include "config.h"

#include <glib/gi18n.h>

#include "strata-window-private.h"

/*
 * Closing, quitting, opening another file, New: whatever would replace
 * unsaved changes first asks Save, Discard or Cancel, and goes on (a
 * StrataWindowNext) after a save (strata-window-file.c) or a discard.
 */

struct _StrataWindowNext
{
  StrataWindowThen  then;
  gpointer          data;
  GDestroyNotify    destroy;
};

StrataWindowNext *
_strata_window_next_new (StrataWindowThen then,
                         gpointer         data,
                         GDestroyNotify   destroy)
{
  StrataWindowNext *next = g_new0 (StrataWindowNext, 1);

  next->then = then;
  next->data = data;
  next->destroy = destroy;
  return next;
}

void
_strata_window_next_free (StrataWindowNext *next)
{
  if (next->destroy != NULL)
    next->destroy (next->data);
  g_free (next);
}

void
_strata_window_next_run (StrataWindow     *self,
                         StrataWindowNext *next)
{
  if (next != NULL && next->then != NULL)
    next->then (self, next->data);
  g_clear_pointer (&next, _strata_window_next_free);
}

static void
on_unsaved_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        gpointer          user_data)
{
  StrataWindow *self = STRATA_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (dialog)));
  StrataWindowNext *then = g_object_steal_data (G_OBJECT (dialog), "then");

  if (g_strcmp0 (response, "save") == 0)
    _strata_window_save_then (self, then);
  else if (g_strcmp0 (response, "discard") == 0)
    _strata_window_next_run (self, then);
  else
    g_clear_pointer (&then, _strata_window_next_free);
}

void
_strata_window_when_saved (StrataWindow     *self,
                           StrataWindowThen  callback,
                           gpointer          data,
                           GDestroyNotify    destroy)
{
  g_autofree char *body = NULL;
  const StrataWindowAnswer answers[] = {
    { "cancel", _("_Cancel"), ADW_RESPONSE_DEFAULT },
    { "discard", _("_Discard"), ADW_RESPONSE_DESTRUCTIVE },
    { "save", _("_Save"), ADW_RESPONSE_SUGGESTED },
  };
  AdwMessageDialog *dialog;
  StrataWindowNext *then;

  g_return_if_fail (STRATA_IS_WINDOW (self));

  then = _strata_window_next_new (callback, data, destroy);

  if (!strata_scenario_get_modified (self->scenario))
    {
      _strata_window_next_run (self, then);
      return;
    }
  if (self->dialog != NULL)
    {
      /* One question at a time. */
      gtk_window_present (GTK_WINDOW (self->dialog));
      g_clear_pointer (&then, _strata_window_next_free);
      return;
    }

  /* Translators: %s is a file name or a dataset's title */
  body = g_strdup_printf (_("“%s” has unsaved changes. Changes that are not saved will be lost."),
                          self->display_name != NULL ? self->display_name
                                                     : _strata_window_dataset (self)->title);
  dialog = _strata_window_ask (self, _("Save Changes?"), body, answers, G_N_ELEMENTS (answers), 2);
  g_object_set_data_full (G_OBJECT (dialog), "then", then, (GDestroyNotify) _strata_window_next_free);
  g_signal_connect (dialog, "response", G_CALLBACK (on_unsaved_response_cb), NULL);
}

static gboolean
strata_window_close_idle_cb (gpointer data)
{
  gtk_window_close (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

static void
strata_window_close_confirmed (StrataWindow *self,
                               gpointer      data)
{
  self->close_confirmed = TRUE;
  /* Not from inside the dialog's response: closing the window destroys
   * the dialog, which is still emitting. */
  g_idle_add_full (G_PRIORITY_DEFAULT, strata_window_close_idle_cb, g_object_ref (self), g_object_unref);
}

gboolean
_strata_window_close_needs_asking (StrataWindow *self)
{
  if (self->close_confirmed || !strata_scenario_get_modified (self->scenario))
    return FALSE;
  _strata_window_when_saved (self, strata_window_close_confirmed, NULL, NULL);
  return TRUE;
}
