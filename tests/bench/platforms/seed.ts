/**
 * A database whose one channel schedule came due a minute ago: Studybot's catch-up tick posts
 * that day's question as soon as it starts, which gives every burst its one channel post.
 */
export { prepareDueSchedule as seedDueQuestion } from "../../helpers/due-schedule.js";
