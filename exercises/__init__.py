# Learners: this file is given; read it and use it, there is nothing to write here.
# (Generated from solutions/__init__.py by `make exercises`; kit maintainers edit that file, not this one.)
"""Your exercises: one module per task; fill in each function that raises NotImplementedError.

- task 1 (10 points): Data and encoding, in ``data.py``
- task 2 (10 points): Activations, stable softmax and masked cross-entropy, in ``activations.py``
- task 3 (5 points): Orthogonal initialisation, in ``initialisation.py``
- task 4 (15 points): Vanilla RNN: forward and backward through time, in ``rnn.py``
- task 5 (5 points): Gradient clipping, in ``clipping.py``
- task 6 (20 points): LSTM: gates, cell and hidden state, forward and backward, in ``lstm.py``
- task 7 (10 points): Optimisers: SGD, RMSprop, Adam, in ``optim.py``
- task 8 (15 points): Training loop and text generation, in ``train.py``
- task 9 (10 points): PyTorch counterpart: mapping the NumPy LSTM into nn.LSTM, in ``torch_port.py``

Each function's docstring gives the maths and the shape of every array. Check your work with
the visible checks after each function (see the README), e.g. ``make check`` or
``python -m selfcheck check --task 1``.
"""
