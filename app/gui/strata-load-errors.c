/* strata-load-errors.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "strata/strata-dataset.h"

#include "strata-load-errors.h"

/*
 * Every problem of a dataset that could not be opened, in words.
 *
 * The loader reports one problem a line, as compilers do:
 *
 *   /tmp/x.json:26:28: error: layers[0].options[0].supplier_cost: must be at least 0, got -22
 *
 * The app shows them all in a dialog, one a line, with the line number
 * first and the JSON path turned into the names the user sees in the app:
 *
 *   Line 26: layer “Products”, option “National brands”, supplier_cost: must be at least 0, got -22
 *
 * Names come from the file itself, read again with json-glib; that is done
 * only for STRATA_DATASET_ERROR_INVALID, which the loader returns only for
 * files that passed its syntax and size guard.
 */

/* What one element of a top-level list is called. */
static const struct {
  const char *list;
  const char *singular;
} list_names[] = {
  { "layers", N_("layer") },
  { "options", N_("option") },
  { "strategies", N_("strategy") },
  { "links", N_("link") },
  { "sources", N_("source") },
};

static const char *
singular_of (const char *list)
{
  for (guint i = 0; i < G_N_ELEMENTS (list_names); i++)
    if (strcmp (list_names[i].list, list) == 0)
      return _(list_names[i].singular);
  return NULL;
}

/* "layers[0].options[1].unit_cost" → "layer “Products”, option “Private
 * label”, unit_cost", following @root.  NULL when the path does not have
 * that shape or does not lead anywhere in @root. */
static char *
name_path (JsonNode   *root,
           const char *path)
{
  g_auto(GStrv) segments = g_strsplit (path, ".", -1);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) rest = g_string_new (NULL);
  JsonNode *node = root;

  for (guint i = 0; segments[i] != NULL; i++)
    {
      char *bracket = strchr (segments[i], '[');
      g_autofree char *key = g_strndup (segments[i], bracket != NULL ? (gsize) (bracket - segments[i]) : strlen (segments[i]));
      const char *singular = singular_of (key);
      char *end = NULL;
      guint64 index;
      JsonNode *element;
      JsonObject *object;
      const char *name = NULL;

      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        node = NULL;
      else
        node = json_object_get_member (json_node_get_object (node), key);

      /* A plain key, or a list this file does not name: kept as written. */
      if (bracket == NULL || singular == NULL || node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
          !g_ascii_isdigit (bracket[1]))
        {
          if (rest->len > 0)
            g_string_append_c (rest, '.');
          g_string_append (rest, segments[i]);
          continue;
        }

      index = g_ascii_strtoull (bracket + 1, &end, 10);
      if (end == NULL || *end != ']' || end[1] != '\0' ||
          index >= json_array_get_length (json_node_get_array (node)))
        return NULL;

      element = json_array_get_element (json_node_get_array (node), index);
      object = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      if (object != NULL && json_object_has_member (object, "name") &&
          JSON_NODE_HOLDS_VALUE (json_object_get_member (object, "name")))
        name = json_object_get_string_member_with_default (object, "name", NULL);
      if (name == NULL && object != NULL && json_object_has_member (object, "id") &&
          JSON_NODE_HOLDS_VALUE (json_object_get_member (object, "id")))
        name = json_object_get_string_member_with_default (object, "id", NULL);

      if (rest->len > 0)
        {
          g_string_append_printf (out, "%s%s", out->len > 0 ? ", " : "", rest->str);
          g_string_truncate (rest, 0);
        }
      if (out->len > 0)
        g_string_append (out, ", ");
      if (name != NULL)
        /* Translators: a layer, option or strategy and its name: layer “Chips” */
        g_string_append_printf (out, _("%s “%s”"), singular, name);
      else
        /* Translators: an element of a list that has no name: link 3 */
        g_string_append_printf (out, _("%s %u"), singular, (guint) index + 1);
      node = element;
    }

  if (rest->len > 0)
    g_string_append_printf (out, "%s%s", out->len > 0 ? ", " : "", rest->str);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
looks_like_path (const char *text,
                 gsize       length)
{
  if (length == 0 || !g_ascii_isalpha (text[0]))
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (text[i]) && strchr ("_-.[]", text[i]) == NULL)
      return FALSE;
  return TRUE;
}

/* One line of the loader's message in words. */
static char *
describe_line (JsonNode   *root,
               const char *prefix,
               const char *line)
{
  const char *p = line;
  const char *colon;
  guint64 number = 0;

  if (prefix != NULL && g_str_has_prefix (p, prefix) && p[strlen (prefix)] == ':')
    p += strlen (prefix) + 1;
  if (g_ascii_isdigit (*p))
    {
      char *end = NULL;

      number = g_ascii_strtoull (p, &end, 10);
      p = end;
      if (*p == ':' && g_ascii_isdigit (p[1]))
        g_ascii_strtoull (p + 1, (char **) &p, 10);
      if (*p == ':')
        p++;
    }
  while (*p == ' ')
    p++;
  if (g_str_has_prefix (p, "error: "))
    p += strlen ("error: ");

  colon = strstr (p, ": ");
  if (root != NULL && colon != NULL && looks_like_path (p, colon - p))
    {
      g_autofree char *path = g_strndup (p, colon - p);
      g_autofree char *named = name_path (root, path);

      if (named != NULL)
        {
          g_autofree char *what = g_strdup_printf ("%s: %s", named, colon + 2);

          /* Translators: a line number of the file, then a problem found there */
          return number > 0 ? g_strdup_printf (_("Line %u: %s"), (guint) number, what) : g_steal_pointer (&what);
        }
    }

  return number > 0 ? g_strdup_printf (_("Line %u: %s"), (guint) number, p) : g_strdup (p);
}

/**
 * _strata_load_errors_describe:
 * @path: the file that could not be loaded
 * @error: what strata_dataset_load_file() said
 *
 * Returns: (transfer full) (element-type utf8): one sentence a problem
 */
GPtrArray *
_strata_load_errors_describe (const char   *path,
                              const GError *error)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonParser) parser = NULL;
  g_auto(GStrv) split = NULL;
  JsonNode *root = NULL;

  g_return_val_if_fail (error != NULL, NULL);

  if (path != NULL && g_error_matches (error, STRATA_DATASET_ERROR, STRATA_DATASET_ERROR_INVALID))
    {
      parser = json_parser_new_immutable ();
      if (json_parser_load_from_mapped_file (parser, path, NULL))
        root = json_parser_get_root (parser);
    }

  split = g_strsplit (error->message, "\n", -1);
  for (guint i = 0; split[i] != NULL; i++)
    if (split[i][0] != '\0')
      g_ptr_array_add (lines, describe_line (root, path, split[i]));

  return g_steal_pointer (&lines);
}

/**
 * _strata_load_errors_present:
 * @parent: the window whose dataset stays
 * @path: the file that could not be loaded
 * @error: what strata_dataset_load_file() said
 *
 * Shows every problem of @path in a dialog over @parent.
 *
 * Returns: (transfer none): the dialog
 */
GtkWindow *
_strata_load_errors_present (GtkWindow    *parent,
                             const char   *path,
                             const GError *error)
{
  g_autoptr(GPtrArray) lines = _strata_load_errors_describe (path, error);
  g_autofree char *basename = g_path_get_basename (path != NULL ? path : "");
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *text = NULL;
  GtkWidget *dialog;
  GtkWidget *scrolled;
  GtkWidget *label;

  g_ptr_array_add (lines, NULL);
  text = g_strjoinv ("\n\n", (char **) lines->pdata);

  /* Translators: %s is a file name */
  heading = g_strdup_printf (_("Could Not Open “%s”"), basename);
  body = g_strdup_printf (ngettext ("The file has %u problem. The dataset on screen stays open.",
                                    "The file has %u problems. The dataset on screen stays open.",
                                    lines->len - 1),
                          lines->len - 1);

  dialog = adw_message_dialog_new (parent, heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);

  label = gtk_label_new (text);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  gtk_widget_set_valign (label, GTK_ALIGN_START);
  gtk_widget_add_css_class (label, "load-problems");

  /* A few problems show whole; a long list scrolls. */
  if (lines->len - 1 <= 6)
    {
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), label);
    }
  else
    {
      scrolled = gtk_scrolled_window_new ();
      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
      gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 280);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), label);
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);
    }
  gtk_window_set_default_size (GTK_WINDOW (dialog), 600, -1);

  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}
