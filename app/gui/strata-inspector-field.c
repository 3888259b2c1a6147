/* strata-inspector-field.c: the inspector's rows, one per field
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-inspector"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "strata-inspector-private.h"

/*
 * Three kinds of row: numbers (value, or value / low / high when
 * uncertain, checked as they are typed against the field's rule in
 * strata-field.h, applied on Enter or when the focus leaves), text and
 * ids (an AdwEntryRow applied with its button or Enter), and choices
 * (mode, references: an AdwComboRow).  Text that breaks a rule never
 * reaches the dataset: the row says the rule and keeps the last value
 * that was valid, which is still the one in use.
 */

/* The shortest text that reads back as @value, as people write numbers:
 * positional when that is short or the number is small ("10", "2026",
 * "100000", "0.05", "123456789"), else with an exponent as people type
 * one and as the volume entry takes it ("1e7", "2.5e9", "1e-5").  %g's
 * shortest form showed a horizon of 10 years as "1e+01" and the samples'
 * volumes as "1e+07". */
char *
_strata_format_shortest (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char plain[400];
  g_autofree char *format = NULL;
  GString *text;
  const char *e;
  int precision, exponent;

  if (!isfinite (value))
    return g_strdup_printf ("%g", value);
  for (precision = 1; precision < 17; precision++)
    {
      g_free (format);
      format = g_strdup_printf ("%%.%de", precision - 1);
      g_ascii_formatd (buffer, sizeof buffer, format, value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }
  if (precision == 17)
    {
      g_free (format);
      format = g_strdup ("%.16e");
      g_ascii_formatd (buffer, sizeof buffer, format, value);
    }
  e = strchr (buffer, 'e');
  g_assert (e != NULL);
  exponent = atoi (e + 1);

  /* The same digits, positional. */
  g_free (format);
  format = g_strdup_printf ("%%.%df", MAX (0, precision - 1 - exponent));
  g_ascii_formatd (plain, sizeof plain, format, value);

  /* The exponent without its "+" and leading zeros. */
  text = g_string_new_len (buffer, e - buffer + 1);
  e++;
  if (*e == '-')
    g_string_append_c (text, *e++);
  else if (*e == '+')
    e++;
  while (*e == '0' && e[1] != '\0')
    e++;
  g_string_append (text, e);

  if ((exponent >= -4 && exponent < 6) || strlen (plain) <= text->len + 2)
    {
      g_string_free (text, TRUE);
      return g_strdup (plain);
    }
  return g_string_free (text, FALSE);
}

static void
set_path (GObject    *object,
          const char *path,
          const char *part)
{
  g_object_set_data_full (object, "strata-path", g_strdup (path), g_free);
  g_object_set_data (object, "strata-part", (gpointer) part);
}

static gboolean
release_cb (gpointer data)
{
  return G_SOURCE_REMOVE;
}

/* An edit rebuilds the page from inside the signal of the widget that
 * made it (a toggle's set_active(), a drop-down's selection): that widget
 * must outlive the emission, so a reference goes with an idle. */
static void
keep_until_idle (gpointer widget)
{
  g_idle_add_full (G_PRIORITY_DEFAULT, release_cb, g_object_ref (widget), g_object_unref);
}

/* -- Numbers --------------------------------------------------------------- */

enum { VALUE, LOW, HIGH };

typedef struct
{
  const StrataFieldInfo *field;
  char                  *path;
  char                  *hint;      /* unit and rule in words */
  StrataFieldApplyFunc   apply;
  gpointer               user_data;
  GtkWidget             *entries[3];
  GtkWidget             *toggle;
  GtkWidget             *triangle;
  GtkLabel              *message;
  StrataNumber           last;      /* what the dataset holds */
  gboolean               has_last;  /* FALSE when the field is absent */
  gboolean               updating;
} NumberRow;

static void
number_row_free (gpointer data)
{
  NumberRow *row = data;

  g_free (row->path);
  g_free (row->hint);
  g_free (row);
}

static gboolean
parse_double (const char *text,
              double     *value)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  char *end = NULL;

  if (copy[0] == '\0')
    return FALSE;
  *value = g_ascii_strtod (copy, &end);
  return end != NULL && *end == '\0' && isfinite (*value);
}

/* Reads the entries.  Returns FALSE with @error when they do not make a
 * valid number; *@removed when the value is empty (an optional field). */
static gboolean
number_row_read (NumberRow     *row,
                 StrataNumber  *number,
                 gboolean      *removed,
                 GError       **error)
{
  const char *names[] = { N_("value"), N_("low"), N_("high") };
  double *parts[] = { &number->value, &number->low, &number->high };
  gboolean uncertain = row->toggle != NULL && gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (row->toggle));
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row->entries[VALUE]))));

  *removed = FALSE;
  number->uncertain = uncertain;
  if (!uncertain && text[0] == '\0' && !(row->field->flags & STRATA_FIELD_REQUIRED))
    {
      /* Empty: the field goes and its default applies. */
      *removed = TRUE;
      return TRUE;
    }
  for (guint i = 0; i < (uncertain ? 3u : 1u); i++)
    {
      if (!parse_double (gtk_editable_get_text (GTK_EDITABLE (row->entries[i])), parts[i]))
        {
          /* Translators: the rule of a field in words, then which part
           * (value, low or high) is not a number */
          g_set_error (error, STRATA_EDIT_ERROR, STRATA_EDIT_ERROR_INVALID_VALUE,
                       _("%s; the %s is not a number"), row->field->rule_text, _(names[i]));
          return FALSE;
        }
    }
  if (!uncertain)
    number->low = number->high = number->value;
  if (row->field->kind == STRATA_FIELD_INTEGER && number->value != floor (number->value))
    {
      /* Translators: the rule of a field in words, then what was typed */
      g_set_error (error, STRATA_EDIT_ERROR, STRATA_EDIT_ERROR_INVALID_VALUE,
                   _("%s; got %s"), row->field->rule_text,
                   gtk_editable_get_text (GTK_EDITABLE (row->entries[VALUE])));
      return FALSE;
    }
  return strata_field_check_number (row->field, number, error);
}

static void
number_row_show (NumberRow  *row,
                 const char *problem)
{
  gtk_label_set_text (row->message, problem != NULL ? problem : row->hint);
  for (guint i = 0; i < 3; i++)
    {
      if (problem != NULL)
        gtk_widget_add_css_class (row->entries[i], "error");
      else
        gtk_widget_remove_css_class (row->entries[i], "error");
      if (problem != NULL)
        gtk_accessible_update_state (GTK_ACCESSIBLE (row->entries[i]),
                                     GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE, -1);
      else
        gtk_accessible_reset_state (GTK_ACCESSIBLE (row->entries[i]), GTK_ACCESSIBLE_STATE_INVALID);
    }
  gtk_widget_remove_css_class (GTK_WIDGET (row->message), problem != NULL ? "dim-label" : "error");
  gtk_widget_add_css_class (GTK_WIDGET (row->message), problem != NULL ? "error" : "dim-label");
}

static void
number_row_set_texts (NumberRow          *row,
                      const StrataNumber *number,
                      gboolean            present)
{
  double parts[] = { number->value, number->low, number->high };

  row->updating = TRUE;
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *text = present ? _strata_format_shortest (parts[i]) : g_strdup ("");

      gtk_editable_set_text (GTK_EDITABLE (row->entries[i]), text);
      gtk_widget_set_visible (row->entries[i], i == VALUE || number->uncertain);
    }
  if (row->toggle != NULL)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (row->toggle), number->uncertain);
  if (row->triangle != NULL)
    {
      gtk_widget_set_visible (row->triangle, number->uncertain);
      gtk_widget_queue_draw (row->triangle);
    }
  row->updating = FALSE;
}

static gboolean
number_equal (const StrataNumber *a,
              const StrataNumber *b)
{
  return a->uncertain == b->uncertain && a->value == b->value &&
         (!a->uncertain || (a->low == b->low && a->high == b->high));
}

static void
on_number_changed_cb (NumberRow *row)
{
  g_autoptr(GError) error = NULL;
  StrataNumber number = { 0 };
  gboolean removed;

  if (row->updating)
    return;
  number_row_show (row, number_row_read (row, &number, &removed, &error) ? NULL : error->message);
}

/* Says why and which value is still in use. */
static void
number_row_refuse (NumberRow  *row,
                   const char *why)
{
  g_autofree char *last = row->has_last ? _strata_format_shortest (row->last.value) : NULL;
  g_autofree char *message = NULL;

  /* Translators: why a number is refused, then the value still in use */
  message = last != NULL ? g_strdup_printf (_("%s. Still using %s."), why, last) : g_strdup (why);
  number_row_show (row, message);
  gtk_widget_error_bell (row->entries[VALUE]);
}

/* Applies what is typed, when it is valid and new. */
static void
number_row_commit (NumberRow *row)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  StrataNumber number = { 0 };
  gboolean removed;

  if (number_row_read (row, &number, &removed, &error))
    {
      if (removed ? !row->has_last : (row->has_last && number_equal (&number, &row->last)))
        return;
      node = removed ? NULL : strata_number_to_json (&number);
      if (row->apply (row->user_data, row->path, node, &error))
        return;
    }
  number_row_refuse (row, error->message);
}

static void
on_number_activate_cb (NumberRow *row)
{
  number_row_commit (row);
}

static void
on_number_leave_cb (NumberRow *row)
{
  if (row->updating || !gtk_widget_get_mapped (GTK_WIDGET (row->message)))
    return;
  number_row_commit (row);
}

static void
on_uncertain_toggled_cb (NumberRow *row)
{
  gboolean uncertain = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (row->toggle));

  if (row->updating)
    return;
  if (uncertain)
    {
      /* Low and high start at the value: a valid number to widen. */
      row->updating = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (row->entries[LOW]),
                             gtk_editable_get_text (GTK_EDITABLE (row->entries[VALUE])));
      gtk_editable_set_text (GTK_EDITABLE (row->entries[HIGH]),
                             gtk_editable_get_text (GTK_EDITABLE (row->entries[VALUE])));
      row->updating = FALSE;
    }
  gtk_widget_set_visible (row->entries[LOW], uncertain);
  gtk_widget_set_visible (row->entries[HIGH], uncertain);
  gtk_widget_set_visible (row->triangle, uncertain);
  /* The commit rebuilds the page: the toggle, still inside its own
   * set_active() (Space, a mnemonic), must outlive it. */
  keep_until_idle (row->toggle);
  number_row_commit (row);
}

/* The triangular distribution, small: low and high at the ends, the
 * value at the peak. */
static void
draw_triangle_cb (GtkDrawingArea *area,
                  cairo_t        *cr,
                  int             width,
                  int             height,
                  gpointer        data)
{
  NumberRow *row = data;
  GdkRGBA color;
  double span = row->last.high - row->last.low;
  double peak = span > 0 ? (row->last.value - row->last.low) / span : 0.5;

  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &color);
  cairo_set_source_rgba (cr, color.red, color.green, color.blue, 0.7);
  cairo_move_to (cr, 1, height - 1);
  cairo_line_to (cr, 1 + peak * (width - 2), 1);
  cairo_line_to (cr, width - 1, height - 1);
  cairo_close_path (cr);
  cairo_fill (cr);
}

static GtkWidget *
number_entry_new (NumberRow  *row,
                  const char *path,
                  const char *part,
                  const char *accessible)
{
  GtkWidget *entry = gtk_entry_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 5);
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), part);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  set_path (G_OBJECT (entry), path, part);
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (on_number_changed_cb), row);
  g_signal_connect_swapped (entry, "activate", G_CALLBACK (on_number_activate_cb), row);
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (on_number_leave_cb), row);
  gtk_widget_add_controller (entry, focus);
  return entry;
}

static GtkWidget *
number_row_new (const StrataFieldInfo *field,
                const char            *path,
                JsonNode              *value,
                const char            *unit,
                StrataFieldApplyFunc   apply,
                gpointer               user_data)
{
  /* An AdwPreferencesRow, so that it sits in the group's boxed list. */
  GtkWidget *widget = adw_preferences_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *title = gtk_label_new (_(field->label));
  NumberRow *row = g_new0 (NumberRow, 1);
  const char *parts[] = { "value", "low", "high" };

  row->field = field;
  row->path = g_strdup (path);
  row->apply = apply;
  row->user_data = user_data;
  row->hint = unit != NULL ? g_strdup_printf ("%s · %s", unit, field->rule_text) : g_strdup (field->rule_text);
  row->has_last = value != NULL && strata_number_from_json (value, &row->last);
  g_object_set_data_full (G_OBJECT (widget), "strata-number-row", row, number_row_free);
  set_path (G_OBJECT (widget), path, "row");

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (widget), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (widget), _(field->label));
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "caption");
  gtk_widget_add_css_class (title, "dim-label");
  gtk_box_append (GTK_BOX (box), title);

  for (guint i = 0; i < 3; i++)
    {
      /* Translators: a field's name and a part of it: "Margin, low" */
      g_autofree char *accessible = g_strdup_printf (_("%s, %s"), _(field->label), _(parts[i]));

      row->entries[i] = number_entry_new (row, path, parts[i], accessible);
      gtk_box_append (GTK_BOX (line), row->entries[i]);
    }
  if (field->flags & STRATA_FIELD_UNCERTAIN)
    {
      row->triangle = gtk_drawing_area_new ();
      gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (row->triangle), 24);
      gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (row->triangle), 14);
      gtk_widget_set_valign (row->triangle, GTK_ALIGN_CENTER);
      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (row->triangle), draw_triangle_cb, row, NULL);
      gtk_box_append (GTK_BOX (line), row->triangle);

      row->toggle = gtk_toggle_button_new_with_label ("±");
      gtk_widget_set_tooltip_text (row->toggle, _("Uncertain: a value between low and high"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (row->toggle), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Uncertain"), -1);
      gtk_widget_add_css_class (row->toggle, "flat");
      g_signal_connect_swapped (row->toggle, "toggled", G_CALLBACK (on_uncertain_toggled_cb), row);
      gtk_box_append (GTK_BOX (line), row->toggle);
    }
  gtk_box_append (GTK_BOX (box), line);

  row->message = GTK_LABEL (gtk_label_new (row->hint));
  gtk_label_set_xalign (row->message, 0);
  gtk_label_set_wrap (row->message, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (row->message), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (row->message), "dim-label");
  g_object_set_data (G_OBJECT (widget), "strata-message", row->message);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->message));

  number_row_set_texts (row, &row->last, row->has_last);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (widget), box);
  return widget;
}

/* -- Text ------------------------------------------------------------------ */

typedef struct
{
  const StrataFieldInfo *field;
  char                  *path;
  char                  *shown;     /* the text the dataset holds */
  StrataFieldApplyFunc   apply;
  gpointer               user_data;
} TextRow;

static void
text_row_free (gpointer data)
{
  TextRow *row = data;

  g_free (row->path);
  g_free (row->shown);
  g_free (row);
}

/* The JSON value for what is typed, or NULL to remove the field. */
static JsonNode *
text_row_value (TextRow     *row,
                const char  *text,
                GError     **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  if (stripped[0] == '\0' && !(row->field->flags & STRATA_FIELD_REQUIRED)
      && row->field->kind != STRATA_FIELD_TEXT)
    return NULL;
  if (row->field->kind == STRATA_FIELD_SOURCES)
    {
      g_auto(GStrv) ids = g_strsplit (stripped, ",", -1);
      JsonArray *array = json_array_new ();

      for (guint i = 0; ids[i] != NULL; i++)
        if (g_strstrip (ids[i])[0] != '\0')
          json_array_add_string_element (array, ids[i]);
      if (json_array_get_length (array) == 1)
        {
          JsonNode *one = json_node_init_string (json_node_alloc (), json_array_get_string_element (array, 0));

          json_array_unref (array);
          return one;
        }
      return json_node_init_array (json_node_alloc (), array);
    }
  if (row->field->kind == STRATA_FIELD_JSON)
    return json_from_string (stripped, error);
  return json_node_init_string (json_node_alloc (), row->field->kind == STRATA_FIELD_TEXT ? text : stripped);
}

/* Says @problem in words right under @row, in a row of its own in the
 * same list (NULL takes it away): the one place a refusal is told. */
static void
row_show_problem (GtkWidget  *row,
                  const char *problem)
{
  GtkWidget *note = g_object_get_data (G_OBJECT (row), "strata-note");
  GtkWidget *list = gtk_widget_get_parent (row);
  GtkWidget *label;

  if (problem != NULL)
    {
      gtk_widget_add_css_class (row, "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (row),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, problem, -1);
    }
  else
    {
      gtk_widget_remove_css_class (row, "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }

  if (problem == NULL || !GTK_IS_LIST_BOX (list))
    {
      if (note != NULL && gtk_widget_get_parent (note) == list)
        gtk_list_box_remove (GTK_LIST_BOX (list), note);
      g_object_set_data (G_OBJECT (row), "strata-note", NULL);
      g_object_set_data (G_OBJECT (row), "strata-message", NULL);
      gtk_widget_set_tooltip_text (row, problem);
      return;
    }
  if (note == NULL)
    {
      note = gtk_list_box_row_new ();
      label = gtk_label_new (NULL);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (note), FALSE);
      gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (note), FALSE);
      gtk_widget_set_focusable (note, FALSE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_set_margin_start (label, 12);
      gtk_widget_set_margin_end (label, 12);
      gtk_widget_set_margin_top (label, 6);
      gtk_widget_set_margin_bottom (label, 6);
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_add_css_class (label, "error");
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (note), label);
      gtk_list_box_insert (GTK_LIST_BOX (list), note,
                           gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) + 1);
      g_object_set_data (G_OBJECT (row), "strata-note", note);
      g_object_set_data (G_OBJECT (row), "strata-message", label);
    }
  gtk_label_set_text (GTK_LABEL (g_object_get_data (G_OBJECT (row), "strata-message")), problem);
}

static void
text_row_show (AdwEntryRow *entry,
               const char  *problem)
{
  row_show_problem (GTK_WIDGET (entry), problem);
}

static void
on_text_changed_cb (AdwEntryRow *entry,
                    TextRow     *row)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = text_row_value (row, gtk_editable_get_text (GTK_EDITABLE (entry)), &error);

  if (node != NULL && error == NULL)
    strata_field_check (row->field, node, &error);
  text_row_show (entry, error != NULL ? error->message : NULL);
}

static void
on_text_apply_cb (AdwEntryRow *entry,
                  TextRow     *row)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  /* Nothing changed: not a step of the history. */
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (entry)), row->shown) == 0)
    return;
  node = text_row_value (row, gtk_editable_get_text (GTK_EDITABLE (entry)), &error);
  if (error == NULL && (node == NULL || strata_field_check (row->field, node, &error)))
    row->apply (row->user_data, row->path, node, &error);
  if (error != NULL)
    {
      text_row_show (entry, error->message);
      gtk_widget_error_bell (GTK_WIDGET (entry));
    }
}

static char *
text_of (const StrataFieldInfo *field,
         JsonNode              *value)
{
  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return g_strdup ("");
  if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (value));
  if (field->kind == STRATA_FIELD_SOURCES && JSON_NODE_HOLDS_ARRAY (value))
    {
      JsonArray *array = json_node_get_array (value);
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (array); i++)
        g_string_append_printf (text, "%s%s", i > 0 ? ", " : "",
                                json_node_get_string (json_array_get_element (array, i)) ?: "");
      return g_string_free (g_steal_pointer (&text), FALSE);
    }
  return json_to_string (value, FALSE);
}

static GtkWidget *
text_row_new (const StrataFieldInfo *field,
              const char            *path,
              JsonNode              *value,
              StrataFieldApplyFunc   apply,
              gpointer               user_data)
{
  GtkWidget *entry = adw_entry_row_new ();
  g_autofree char *text = text_of (field, value);
  TextRow *row = g_new0 (TextRow, 1);

  row->field = field;
  row->path = g_strdup (path);
  row->shown = g_strdup (text);
  row->apply = apply;
  row->user_data = user_data;
  g_object_set_data_full (G_OBJECT (entry), "strata-text-row", row, text_row_free);
  set_path (G_OBJECT (entry), path, "text");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), _(field->label));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (entry), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  if (field->kind == STRATA_FIELD_SOURCES)
    gtk_widget_set_tooltip_text (entry, _("Source ids, separated by commas"));
  g_signal_connect (entry, "changed", G_CALLBACK (on_text_changed_cb), row);
  g_signal_connect (entry, "apply", G_CALLBACK (on_text_apply_cb), row);
  return entry;
}

/* -- Choices --------------------------------------------------------------- */

static void
on_choice_selected_cb (AdwComboRow *combo,
                       GParamSpec  *pspec,
                       TextRow     *row)
{
  GtkStringObject *item = adw_combo_row_get_selected_item (combo);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  const char *id = item != NULL ? gtk_string_object_get_string (item) : NULL;

  if (g_object_get_data (G_OBJECT (combo), "strata-updating") != NULL || id == NULL)
    return;
  if (g_strcmp0 (id, "—") != 0)
    node = json_node_init_string (json_node_alloc (), id);
  keep_until_idle (combo);
  row_show_problem (GTK_WIDGET (combo),
                    row->apply (row->user_data, row->path, node, &error) ? NULL : error->message);
}

/* A combo row of more choices than this holds only its current one until
 * its popover first shows: each row's lists of hundreds of items (a
 * link's two layers on a stack of 400) made the links page block the
 * window 110 ms for 20 links (issue 15). */
#define EAGER_CHOICES 16

typedef struct
{
  GStrv  items;     /* every choice, in the popover's order */
  guint  selected;  /* the current one's place in @items */
} LazyChoices;

static void
lazy_choices_free (gpointer data)
{
  LazyChoices *lazy = data;

  g_strfreev (lazy->items);
  g_free (lazy);
}

static GtkWidget *
find_popover (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = GTK_IS_POPOVER (child) ? child : find_popover (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Every choice in @combo's model, the current one selected, once. */
static void
choices_fill (GtkWidget *combo)
{
  LazyChoices *lazy = g_object_steal_data (G_OBJECT (combo), "strata-lazy-choices");
  g_autoptr(GtkStringList) list = NULL;

  if (lazy == NULL)
    return;
  list = gtk_string_list_new ((const char * const *) lazy->items);
  g_object_set_data (G_OBJECT (combo), "strata-updating", GINT_TO_POINTER (1));
  adw_combo_row_set_model (ADW_COMBO_ROW (combo), G_LIST_MODEL (list));
  adw_combo_row_set_selected (ADW_COMBO_ROW (combo), lazy->selected);
  g_object_set_data (G_OBJECT (combo), "strata-updating", NULL);
  lazy_choices_free (lazy);
}

static void
on_choices_popover_show_cb (GtkWidget *popover,
                            GtkWidget *combo)
{
  g_signal_handlers_disconnect_by_func (popover, on_choices_popover_show_cb, combo);
  choices_fill (combo);
}

static GtkWidget *
choice_row_new (const StrataFieldInfo *field,
                const char            *path,
                JsonNode              *value,
                const char * const    *choices,
                StrataFieldApplyFunc   apply,
                gpointer               user_data)
{
  GtkWidget *combo = adw_combo_row_new (), *popover;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *current = text_of (field, value);
  LazyChoices *lazy = g_new0 (LazyChoices, 1);
  TextRow *row = g_new0 (TextRow, 1);
  guint n = 0;

  row->field = field;
  row->path = g_strdup (path);
  row->apply = apply;
  row->user_data = user_data;
  g_object_set_data_full (G_OBJECT (combo), "strata-text-row", row, text_row_free);
  set_path (G_OBJECT (combo), path, "choice");

  if (!(field->flags & STRATA_FIELD_REQUIRED))
    g_strv_builder_add (builder, "—"), n++;
  for (guint i = 0; choices != NULL && choices[i] != NULL; i++, n++)
    {
      if (g_strcmp0 (choices[i], current) == 0)
        lazy->selected = n;
      g_strv_builder_add (builder, choices[i]);
    }
  lazy->items = g_strv_builder_end (builder);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (combo), _(field->label));
  g_object_set_data_full (G_OBJECT (combo), "strata-lazy-choices", lazy, lazy_choices_free);
  popover = n > EAGER_CHOICES ? find_popover (combo) : NULL;
  if (popover != NULL)
    {
      /* Until the popover shows: the current choice and its neighbour
       * (a combo row of one item cannot be opened). */
      guint a = lazy->selected + 1 < n ? lazy->selected : lazy->selected - 1;
      const char *shown[] = { lazy->items[a], lazy->items[a + 1], NULL };
      g_autoptr(GtkStringList) list = gtk_string_list_new (shown);

      adw_combo_row_set_model (ADW_COMBO_ROW (combo), G_LIST_MODEL (list));
      adw_combo_row_set_selected (ADW_COMBO_ROW (combo), lazy->selected - a);
      g_signal_connect (popover, "show", G_CALLBACK (on_choices_popover_show_cb), combo);
    }
  else
    choices_fill (combo);
  g_signal_connect (combo, "notify::selected", G_CALLBACK (on_choice_selected_cb), row);
  return combo;
}

/* The choices of a combo row of _strata_field_row_new (), all of them in
 * its model from now on (its popover shows them all when first shown). */
GListModel *
_strata_field_row_get_choices (GtkWidget *row)
{
  choices_fill (row);
  return adw_combo_row_get_model (ADW_COMBO_ROW (row));
}

GtkWidget *
_strata_field_row_new (const StrataFieldInfo *field,
                       const char            *path,
                       JsonNode              *value,
                       const char            *unit,
                       const char * const    *choices,
                       StrataFieldApplyFunc   apply,
                       gpointer               user_data)
{
  switch (field->kind)
    {
    case STRATA_FIELD_NUMBER:
    case STRATA_FIELD_INTEGER:
      return number_row_new (field, path, value, unit, apply, user_data);
    case STRATA_FIELD_MODE:
    case STRATA_FIELD_LEARNING:
    case STRATA_FIELD_LAYER_REF:
    case STRATA_FIELD_OPTION_REF:
    case STRATA_FIELD_STRATEGY_REF:
      if (choices != NULL)
        return choice_row_new (field, path, value, choices, apply, user_data);
      G_GNUC_FALLTHROUGH;
    case STRATA_FIELD_TEXT:
    case STRATA_FIELD_LABEL:
    case STRATA_FIELD_ID:
    case STRATA_FIELD_SOURCES:
    case STRATA_FIELD_JSON:
    default:
      return text_row_new (field, path, value, apply, user_data);
    }
}
