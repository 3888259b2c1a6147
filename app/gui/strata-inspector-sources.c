/* strata-inspector-sources.c: the sources a field names, in the inspector
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-inspector"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "strata-inspector-private.h"

/* What a source button changes: the "source" field at @path. */
typedef struct
{
  StrataInspector *self;
  char            *path;
  GStrv            ids;     /* the ids attached now */
  char            *id;      /* detach: the id to drop */
  GtkDropDown     *picker;  /* attach: the sources to pick from */
  GStrv            choices; /* attach: their ids, in the picker's order */
} SourceEdit;

static void
source_edit_free (gpointer data,
                  GClosure *closure)
{
  SourceEdit *edit = data;

  g_free (edit->path);
  g_strfreev (edit->ids);
  g_free (edit->id);
  g_strfreev (edit->choices);
  g_free (edit);
}

/* Sets the "source" field to @ids: one id as a string, several as a
 * list, none removes it (MODEL.md section 2). */
static void
apply_source_ids (StrataInspector *self,
                  const char      *path,
                  GPtrArray       *ids)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  if (ids->len == 1)
    node = json_node_init_string (json_node_alloc (), ids->pdata[0]);
  else if (ids->len > 1)
    {
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < ids->len; i++)
        json_array_add_string_element (array, ids->pdata[i]);
      node = json_node_init_array (json_node_alloc (), array);
      json_array_unref (array);
    }
  if (!_strata_inspector_apply_field (self, path, node, &error))
    _strata_inspector_problem (self, error->message);
}

static void
on_detach_source_cb (GtkButton  *button,
                     SourceEdit *edit)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  for (guint i = 0; edit->ids[i] != NULL; i++)
    if (g_strcmp0 (edit->ids[i], edit->id) != 0)
      g_ptr_array_add (ids, edit->ids[i]);
  apply_source_ids (edit->self, edit->path, ids);
}

static void
on_attach_source_cb (GtkButton  *button,
                     SourceEdit *edit)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  guint picked = gtk_drop_down_get_selected (edit->picker);

  if (picked >= g_strv_length (edit->choices))
    return;
  for (guint i = 0; edit->ids[i] != NULL; i++)
    g_ptr_array_add (ids, edit->ids[i]);
  g_ptr_array_add (ids, edit->choices[picked]);
  apply_source_ids (edit->self, edit->path, ids);
}

static SourceEdit *
source_edit_new (StrataInspector *self,
                 const char      *path,
                 GPtrArray       *ids)
{
  SourceEdit *edit = g_new0 (SourceEdit, 1);

  edit->self = self;
  edit->path = g_strdup (path);
  edit->ids = g_new0 (char *, ids->len + 1);
  for (guint i = 0; i < ids->len; i++)
    edit->ids[i] = g_strdup (ids->pdata[i]);
  return edit;
}

/* A source's text in the picker: cut on its button, so that a long
 * citation never widens the sidebar; wrapped in the list. */
static void
setup_source_label_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *item,
                       gpointer                  wrap)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (GPOINTER_TO_INT (wrap))
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
    }
  else
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (label), 8);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 16);
    }
  gtk_list_item_set_child (item, label);
}

static void
bind_source_label_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      gpointer                  wrap)
{
  GtkStringObject *text = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), gtk_string_object_get_string (text));
}

static GtkListItemFactory *
source_label_factory (gboolean wrap)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_source_label_cb), GINT_TO_POINTER (wrap));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_source_label_cb), GINT_TO_POINTER (wrap));
  return factory;
}

/* "Attach Source": a drop-down of the dataset's sources not attached yet,
 * by their text, and a button. */
static void
add_source_picker (StrataInspector *self,
                   GtkWidget       *group,
                   const char      *path,
                   GPtrArray       *ids)
{
  JsonArray *sources = _strata_inspector_root_array (self, "sources");
  g_autoptr(GtkStringList) titles = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) choices = g_ptr_array_new_with_free_func (g_free);
  SourceEdit *edit;
  GtkWidget *row, *picker, *button;

  for (guint i = 0; sources != NULL && i < json_array_get_length (sources); i++)
    {
      JsonNode *source = json_array_get_element (sources, i);
      const char *id = _strata_inspector_member_string (source, "id");
      const char *text = _strata_inspector_member_string (source, "text");

      if (id == NULL || g_ptr_array_find_with_equal_func (ids, id, g_str_equal, NULL))
        continue;
      gtk_string_list_append (titles, text != NULL && *text != '\0' ? text : id);
      g_ptr_array_add (choices, g_strdup (id));
    }
  if (choices->len == 0)
    return;
  g_ptr_array_add (choices, NULL);

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Attach Source"));
  picker = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (titles)), NULL);
  {
    g_autoptr(GtkListItemFactory) button_factory = source_label_factory (FALSE);
    g_autoptr(GtkListItemFactory) list_factory = source_label_factory (TRUE);

    gtk_drop_down_set_factory (GTK_DROP_DOWN (picker), button_factory);
    gtk_drop_down_set_list_factory (GTK_DROP_DOWN (picker), list_factory);
  }
  gtk_widget_set_valign (picker, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (picker),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Source to attach"), -1);
  button = gtk_button_new_from_icon_name ("list-add-symbolic");
  gtk_widget_set_tooltip_text (button, _("Attach"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Attach the picked source"), -1);
  edit = source_edit_new (self, path, ids);
  edit->picker = GTK_DROP_DOWN (picker);
  edit->choices = (GStrv) g_ptr_array_steal (choices, NULL);
  g_signal_connect_data (button, "clicked", G_CALLBACK (on_attach_source_cb), edit,
                         source_edit_free, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), picker);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  _strata_inspector_group_add (self, group, row);
}

/* The sources a "source" field names, with their links (opened through
 * the portal by GtkLinkButton), a button to detach each and a picker to
 * attach another. */
void
_strata_inspector_add_source_rows (StrataInspector *self,
                                   GtkWidget       *group,
                                   const char      *path,
                                   JsonNode        *value)
{
  JsonArray *sources = _strata_inspector_root_array (self, "sources");
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  if (value != NULL && JSON_NODE_HOLDS_ARRAY (value))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (value)); i++)
      g_ptr_array_add (ids, (gpointer) json_array_get_string_element (json_node_get_array (value), i));
  else if (value != NULL && JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
    g_ptr_array_add (ids, (gpointer) json_node_get_string (value));

  for (guint i = 0; i < ids->len; i++)
    {
      JsonNode *source = _strata_inspector_find_by_id (sources, ids->pdata[i]);
      const char *text = source != NULL ? _strata_inspector_member_string (source, "text") : NULL;
      const char *url = source != NULL ? _strata_inspector_member_string (source, "url") : NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *detach;
      SourceEdit *edit;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text != NULL ? text : ids->pdata[i]);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 4);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), ids->pdata[i]);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("text-x-generic-symbolic"));
      if (url != NULL && *url != '\0')
        {
          GtkWidget *link = gtk_link_button_new_with_label (url, _("Open"));

          gtk_widget_set_tooltip_text (link, url);
          gtk_widget_set_valign (link, GTK_ALIGN_CENTER);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), link);
        }
      detach = gtk_button_new_from_icon_name ("list-remove-symbolic");
      gtk_widget_set_tooltip_text (detach, _("Detach"));
      gtk_widget_set_valign (detach, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (detach),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Detach this source"), -1);
      edit = source_edit_new (self, path, ids);
      edit->id = g_strdup (ids->pdata[i]);
      g_signal_connect_data (detach, "clicked", G_CALLBACK (on_detach_source_cb), edit,
                             source_edit_free, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), detach);
      _strata_inspector_group_add (self, group, row);
    }
  add_source_picker (self, group, path, ids);
}
