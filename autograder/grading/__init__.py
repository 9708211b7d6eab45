"""Grading into files: one submission (:class:`~autograder.grading.grader.Grader`) or a class, resumably.

Takes paths and options as arguments and returns summaries; parses no argv and prints
nothing (a channel passes a progress object and a stream for notes).
"""
