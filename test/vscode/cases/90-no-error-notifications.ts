// Runs in Node (end-to-end, drives the browser). Last case: after everything above, no error
// notification is showing or waiting in the notification center.
import { defineCase, expect } from '../support/case';

export default defineCase({
  name: 'no error notifications',
  async run({ wb }) {
    const errors = await wb.errorNotifications();
    expect(errors.length === 0, `error notifications:\n${errors.join('\n')}`);
  },
});
