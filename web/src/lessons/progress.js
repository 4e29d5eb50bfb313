// A student's progress through the lessons, kept in the browser (localStorage):
// per lesson the predictions made, the steps done and the answers chosen.
// A storage that refuses (private windows, full quota) only loses the memory.

const KEY = 'parlab-lessons';

export class LessonProgress {
  #storage;
  #all;

  /** @param storage a Web Storage (localStorage), or null to keep progress in memory only */
  constructor(storage) {
    this.#storage = storage;
    try {
      this.#all = JSON.parse(storage?.getItem(KEY) ?? '{}') ?? {};
    } catch {
      this.#all = {};
    }
  }

  /** { predictions: { step: value }, done: [step…], answers: { question: option } } of lesson number `lesson`. */
  of(lesson) {
    const saved = this.#all[lesson] ?? {};
    return { predictions: saved.predictions ?? {}, done: saved.done ?? [], answers: saved.answers ?? {} };
  }

  recordPrediction(lesson, step, value) {
    this.#change(lesson, (p) => { p.predictions[step] = value; });
  }

  markDone(lesson, step) {
    this.#change(lesson, (p) => { if (!p.done.includes(step)) p.done.push(step); });
  }

  recordAnswer(lesson, question, option) {
    this.#change(lesson, (p) => { p.answers[question] = option; });
  }

  startOver(lesson) {
    delete this.#all[lesson];
    this.#save();
  }

  #change(lesson, change) {
    const progress = this.of(lesson);
    change(progress);
    this.#all[lesson] = progress;
    this.#save();
  }

  #save() {
    try {
      this.#storage?.setItem(KEY, JSON.stringify(this.#all));
    } catch {
      // Progress then lives as long as the tab.
    }
  }
}
