"""The regulation's rules as small pure functions, each naming the article it encodes.

Nothing here touches the database: the graph code gathers what a rule needs and calls
it. The spec suite (``features/``) and the mutation check exercise these modules.
"""
