-- +goose Up
-- Events as data (issue 17). An event keeps what happened as ids and values in data, and the
-- history is written out when it is read, in the reader's language: a theme's, meeting's,
-- board's, agenda item's or consultation's name in that language, dates as people write them.
-- from_value and to_value stay as the English text of the time, shown only where what an
-- event points at no longer exists. Every statement here may run again (the migration test
-- does): it fills data only where it is still empty.
ALTER TABLE events ADD COLUMN IF NOT EXISTS data jsonb NOT NULL DEFAULT '{}';

-- A meeting's place, written by staff, gets its Welsh version like the rest of its text.
ALTER TABLE meetings ADD COLUMN IF NOT EXISTS location_cy text NOT NULL DEFAULT '';

-- Events about a theme, board, meeting, agenda item or consultation already name it by id.
UPDATE events SET data = jsonb_build_object('theme_id', subject_id)
    WHERE data = '{}' AND verb IN ('theme.created', 'theme.updated')
      AND EXISTS (SELECT 1 FROM themes t WHERE t.id = subject_id);
UPDATE events SET data = jsonb_build_object('board_id', subject_id)
    WHERE data = '{}' AND verb IN ('board.created', 'board.updated')
      AND EXISTS (SELECT 1 FROM boards b WHERE b.id = subject_id);
UPDATE events SET data = jsonb_build_object('meeting_id', subject_id)
    WHERE data = '{}' AND verb IN ('meeting.created', 'meeting.updated')
      AND EXISTS (SELECT 1 FROM meetings m WHERE m.id = subject_id);
UPDATE events SET data = jsonb_build_object('consultation_id', subject_id)
    WHERE data = '{}' AND verb IN ('consultation.created', 'consultation.updated', 'consultation.outcome_published')
      AND EXISTS (SELECT 1 FROM consultations c WHERE c.id = subject_id);
UPDATE events e SET data = jsonb_build_object('agenda_item_id', i.id, 'meeting_id', i.meeting_id)
    FROM agenda_items i
    WHERE e.data = '{}' AND e.verb = 'agenda_item.updated' AND i.id = e.subject_id;

-- An idea themed or unthemed named the theme by its English name: find it by that name.
UPDATE events e SET data = jsonb_build_object('theme_id', t.id)
    FROM (SELECT DISTINCT ON (name) id, name FROM themes ORDER BY name, id) t
    WHERE e.data = '{}' AND e.verb IN ('idea.themed', 'idea.unthemed') AND t.name = e.to_value;

-- An item added to or taken off an agenda named the item by its title, on the meeting.
UPDATE events e SET data = jsonb_build_object('meeting_id', e.subject_id, 'agenda_item_id', i.id)
    FROM (SELECT DISTINCT ON (meeting_id, title) id, meeting_id, title FROM agenda_items
          ORDER BY meeting_id, title, id) i
    WHERE e.data = '{}' AND e.verb IN ('meeting.item_added', 'meeting.item_removed')
      AND i.meeting_id = e.subject_id AND i.title = e.to_value;
UPDATE events e SET data = jsonb_build_object('meeting_id', e.subject_id, 'item_title', e.to_value)
    WHERE e.data = '{}' AND e.verb IN ('meeting.item_added', 'meeting.item_removed')
      AND EXISTS (SELECT 1 FROM meetings m WHERE m.id = e.subject_id);

-- An idea put on or taken off an agenda named "Meeting, 2026-06-04: 3. Item": the item is the
-- subject; its position then is in the text. A deleted item is found no more, but its meeting
-- may be, by title and day, and its title and position are kept from the text.
UPDATE events e SET data = jsonb_strip_nulls(jsonb_build_object('agenda_item_id', i.id, 'meeting_id', i.meeting_id,
        'position', (substring(e.to_value FROM ', \d{4}-\d{2}-\d{2}: (\d+)\. '))::int))
    FROM agenda_items i
    WHERE e.data = '{}' AND e.verb IN ('idea.agenda_linked', 'idea.agenda_unlinked') AND i.id = e.subject_id;
UPDATE events e SET data = jsonb_build_object('meeting_id', m.id,
        'position', (substring(e.to_value FROM ', \d{4}-\d{2}-\d{2}: (\d+)\. '))::int,
        'item_title', substring(e.to_value FROM ', \d{4}-\d{2}-\d{2}: \d+\. (.*)$'))
    FROM meetings m
    WHERE e.data = '{}' AND e.verb IN ('idea.agenda_linked', 'idea.agenda_unlinked')
      AND e.to_value ~ ', \d{4}-\d{2}-\d{2}: \d+\. '
      AND m.title = substring(e.to_value FROM '^(.*), \d{4}-\d{2}-\d{2}: \d+\. ')
      AND to_char(m.starts_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD') = substring(e.to_value FROM ', (\d{4}-\d{2}-\d{2}): \d+\. ');

-- A consultation's dates were written "2026-01-01 – 2026-02-28" ("…" for none): keep them as dates.
UPDATE events SET data = jsonb_strip_nulls(jsonb_build_object(
        'from_opens', substring(from_value FROM '^(\d{4}-\d{2}-\d{2}) – '),
        'from_closes', substring(from_value FROM ' – (\d{4}-\d{2}-\d{2})$'),
        'opens', substring(to_value FROM '^(\d{4}-\d{2}-\d{2}) – '),
        'closes', substring(to_value FROM ' – (\d{4}-\d{2}-\d{2})$')))
    WHERE data = '{}' AND verb IN ('consultation.dates_changed', 'consultation.closed', 'consultation.reopened')
      AND (from_value ~ '\d{4}-\d{2}-\d{2}' OR to_value ~ '\d{4}-\d{2}-\d{2}');

-- An action's description and a meeting's decision have Welsh versions: where the event's
-- text is still the English one, its Welsh one is kept beside it.
UPDATE events e SET data = jsonb_build_object('reason_cy', a.description_cy)
    FROM actions a
    WHERE e.data = '{}' AND e.verb IN ('action.created', 'action.edited', 'idea.action_linked', 'idea.action_unlinked')
      AND a.id = e.subject_id AND a.description = e.reason AND a.description_cy <> '';
UPDATE events e SET data = jsonb_build_object('agenda_item_id', i.id, 'meeting_id', i.meeting_id, 'outcome_cy', i.outcome_cy)
    FROM agenda_items i
    WHERE e.data = '{}' AND e.verb = 'idea.decision_recorded' AND i.id = e.subject_id AND i.outcome = e.to_value;

-- +goose Down
ALTER TABLE meetings DROP COLUMN IF EXISTS location_cy;
ALTER TABLE events DROP COLUMN IF EXISTS data;
