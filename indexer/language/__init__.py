"""Language at index and query time: fold, detection, compounds, thesaurus, concepts."""
