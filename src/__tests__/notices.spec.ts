import { Notification } from '@jupyterlab/apputils';

import { NoticesModel } from '../notices/model';
import {
  chooseSurface,
  NOTIFICATION_PLUGIN,
  ISurfaceContext
} from '../notices/surface';
import { INoticeItem } from '../tokens';

/** A page whose registry holds `registered`, with the page config's lists. */
function context(
  registered: string[],
  lists: { disabled?: string[]; deferred?: string[] } = {}
): ISurfaceContext {
  const listed =
    (list: string[] = []) =>
    (id: string) =>
      list.some(entry => entry === id || entry === id.split(':')[0]);
  return {
    hasPlugin: id => registered.includes(id),
    isDisabled: listed(lists.disabled),
    isDeferred: listed(lists.deferred)
  };
}

describe('chooseSurface', () => {
  it("uses Lab's notifications where its plugin is registered", () => {
    expect(chooseSurface(context([NOTIFICATION_PLUGIN]))).toBe('lab');
  });

  it("uses the extension's own surfaces where the plugin is not registered (qBraid Lab)", () => {
    expect(chooseSurface(context([]))).toBe('own');
  });

  it('uses its own where the page config disables the plugin or its package', () => {
    expect(
      chooseSurface(context([NOTIFICATION_PLUGIN], { disabled: [NOTIFICATION_PLUGIN] }))
    ).toBe('own');
    expect(
      chooseSurface(
        context([NOTIFICATION_PLUGIN], { disabled: ['@jupyterlab/apputils-extension'] })
      )
    ).toBe('own');
  });

  it('uses its own where the plugin is deferred: notices before it starts would show nowhere', () => {
    expect(
      chooseSurface(context([NOTIFICATION_PLUGIN], { deferred: [NOTIFICATION_PLUGIN] }))
    ).toBe('own');
  });

  it('is not misled by other disabled plugins of the same package', () => {
    expect(
      chooseSurface(
        context([NOTIFICATION_PLUGIN], {
          disabled: ['@jupyterlab/apputils-extension:splash']
        })
      )
    ).toBe('lab');
  });
});

describe('NoticesModel with Lab’s notifications', () => {
  let warning: jest.SpyInstance;
  let update: jest.SpyInstance;
  let dismiss: jest.SpyInstance;

  beforeEach(() => {
    warning = jest.spyOn(Notification, 'warning').mockReturnValue('lab-id');
    update = jest.spyOn(Notification, 'update').mockReturnValue(true);
    dismiss = jest.spyOn(Notification, 'dismiss').mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  it('hands each notice to Lab and keeps none of its own', () => {
    const notices = new NoticesModel({ surface: 'lab' });
    const changed = jest.fn();
    notices.changed.connect(changed);
    const callback = jest.fn();

    const id = notices.warning('Careful', {
      autoClose: false,
      mustSee: true,
      actions: [{ label: 'Do it', callback }]
    });
    notices.update(id, 'warning', 'Careful now', { autoClose: false });
    notices.dismiss(id);

    expect(id).toBe('lab-id');
    // Lab's options only: it has no use for `mustSee`.
    expect(warning).toHaveBeenCalledWith('Careful', {
      autoClose: false,
      actions: [{ label: 'Do it', callback }]
    });
    expect(update).toHaveBeenCalledWith({
      id: 'lab-id',
      message: 'Careful now',
      type: 'warning',
      autoClose: false
    });
    expect(dismiss).toHaveBeenCalledWith('lab-id');
    expect(notices.items).toEqual([]);
    expect(changed).not.toHaveBeenCalled();
  });

  it("leaves Lab's defaults where no options are given", () => {
    new NoticesModel({ surface: 'lab' }).warning('Plain');

    expect(warning).toHaveBeenCalledWith('Plain');
  });
});

describe('NoticesModel in its own surfaces', () => {
  let notices: NoticesModel;
  let raised: INoticeItem[];
  let changes: number;
  let lab: jest.SpyInstance;

  beforeEach(() => {
    jest.useFakeTimers();
    lab = jest.spyOn(Notification, 'emit');
    notices = new NoticesModel({ surface: 'own' });
    raised = [];
    changes = 0;
    notices.raised.connect((_, item) => raised.push(item));
    notices.changed.connect(() => changes++);
  });

  afterEach(() => {
    notices.dispose();
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('keeps the notices, newest first, with their level and actions, and tells Lab nothing', () => {
    const callback = jest.fn();
    const first = notices.info('First');
    const second = notices.error('Second', { actions: [{ label: 'Fix', callback }] });

    expect(notices.items.map(item => [item.id, item.level, item.message])).toEqual([
      [second, 'error', 'Second'],
      [first, 'info', 'First']
    ]);
    expect(notices.items[0].actions.map(action => action.label)).toEqual(['Fix']);
    expect(raised.map(item => item.message)).toEqual(['First', 'Second']);
    expect(changes).toBe(2);
    expect(lab).not.toHaveBeenCalled();
  });

  it('updates a notice where it is, without raising it again', () => {
    const first = notices.warning('Stops in 60 s', { autoClose: false, mustSee: true });
    notices.info('Other');

    expect(notices.update(first, 'warning', 'Stops in 59 s', { mustSee: true })).toBe(
      true
    );

    expect(notices.items.map(item => item.message)).toEqual(['Other', 'Stops in 59 s']);
    expect(notices.items[1].mustSee).toBe(true);
    expect(raised).toHaveLength(2);
    expect(notices.update('gone', 'info', 'Nothing')).toBe(false);
  });

  it('an action runs once and takes its notice away', () => {
    const callback = jest.fn();
    const id = notices.warning('Key in cell 1', {
      actions: [{ label: 'Replace', callback }]
    });

    notices.act(id, notices.items[0].actions[0]);

    expect(callback).toHaveBeenCalledTimes(1);
    expect(notices.items).toEqual([]);
  });

  it('dismisses one notice and leaves the others', () => {
    const id = notices.warning('One');
    notices.warning('Two');
    const before = changes;

    notices.dismiss(id);
    notices.dismiss(id);

    expect(notices.items.map(item => item.message)).toEqual(['Two']);
    expect(changes).toBe(before + 1);
  });

  it('closes a notice when its time is up; an update counts the time anew', () => {
    const id = notices.success('Copied', { autoClose: 5000 });
    notices.warning('Stays');
    notices.error('Stays too', { autoClose: false });

    jest.advanceTimersByTime(4000);
    notices.update(id, 'success', 'Copied again', { autoClose: 5000 });
    jest.advanceTimersByTime(4000);
    expect(notices.items.map(item => item.message)).toContain('Copied again');

    jest.advanceTimersByTime(1000);
    expect(notices.items.map(item => item.message)).toEqual(['Stays too', 'Stays']);
  });

  it('a notice dismissed before its time is not closed twice', () => {
    const id = notices.success('Done', { autoClose: 1000 });
    notices.dismiss(id);
    const before = changes;

    jest.advanceTimersByTime(1000);

    expect(changes).toBe(before);
  });
});
