-- Every answer writes one row to each of answers, cards, review_logs, score_days and members;
-- each index on those tables is one more page written per answer. These four were not worth it:
-- "answered today?" is read from the card's last review; a member's cards are found by the
-- primary key and sorted in memory (a deck has hundreds of questions, not millions); nothing
-- reads review logs by member yet; and the all-time board sorts one workspace's members.
DROP INDEX answers_by_member_question;
DROP INDEX cards_by_due;
DROP INDEX review_logs_by_member;
DROP INDEX members_by_points;
