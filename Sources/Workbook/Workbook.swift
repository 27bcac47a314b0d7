import RNN
