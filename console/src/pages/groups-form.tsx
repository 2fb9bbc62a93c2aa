/**
 * Terminal groups (configuration layers `group:<id>`): create one or change its members. A
 * terminal is in at most one group; naming it here moves it. Administrators who see every
 * terminal (central refuses anyone else).
 */
import { useState } from 'react';
import { GroupSchema } from '../../../common/console-wire-fleet.ts';
import { type ApiProblem, api } from '../api.ts';
import { t } from '../i18n.ts';
import { Problem } from '../parts.tsx';

export function GroupsForm({ onSaved }: { onSaved: (groupId: string) => void }) {
  const [groupId, setGroupId] = useState('');
  const [name, setName] = useState('');
  const [terminals, setTerminals] = useState('');
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const save = async () => {
    const body = {
      groupId: groupId.trim(),
      name: name.trim(),
      terminals: terminals
        .split(/[\s,]+/)
        .map((id) => id.trim())
        .filter((id) => id !== ''),
    };
    const saved = await api('/v1/console/groups', GroupSchema, { method: 'POST', body });
    setProblem(saved.ok ? null : saved.error);
    if (saved.ok) onSaved(saved.value.groupId);
  };
  return (
    <form
      className="form-grid"
      aria-label={t('groups')}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <label>
        {t('group.id')}
        <input name="groupId" value={groupId} onChange={(e) => setGroupId(e.target.value)} />
      </label>
      <label>
        {t('displayName')}
        <input name="groupName" value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label className="wide">
        {t('scope.terminals')}
        <input name="terminals" value={terminals} onChange={(e) => setTerminals(e.target.value)} />
      </label>
      <div className="wide">
        <button type="submit">{t('save')}</button>
      </div>
      <div className="wide">
        <Problem problem={problem} />
      </div>
    </form>
  );
}
